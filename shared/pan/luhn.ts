/**
 * The Luhn (mod 10) check of ISO/IEC 7812-1 over `n` digit values (0-9) stored in `digits`.
 * Every card number ends in a Luhn check digit; nine in ten random digit strings fail it.
 */
export function luhnValid(digits: ArrayLike<number>, n: number): boolean {
  let sum = 0;
  let double = false;
  for (let k = n - 1; k >= 0; k--) {
    let d = digits[k] ?? 0;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The check digit that makes `body` (digit values, without the check digit) Luhn-valid. */
export function luhnCheckDigit(body: ArrayLike<number>): number {
  let sum = 0;
  let double = true;
  for (let k = body.length - 1; k >= 0; k--) {
    let d = body[k] ?? 0;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}
