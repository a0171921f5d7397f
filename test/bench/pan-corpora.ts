/** Generated benchmark corpora: contact-center transcripts and digit-dense text (seeded, reproducible). */
import { luhnCheckDigit } from '../../shared/pan/luhn';
import { seededRandom } from '../helpers/prng';

const LINES = [
  'agent: Thank you for calling, my name is {name}, how can I help you today?',
  'customer: Hi, I was charged twice for order {order} on {date}.',
  'agent: I am sorry to hear that. Can you confirm the email address on the account?',
  'customer: Sure, it is {name}@example.com and my phone is +44 7911 {n6}.',
  'agent: Thanks. I can see two payments of {amount} EUR at {time}.',
  'customer: Yes, exactly. The card ends in {n4}.',
  'agent: I have raised a refund, reference CS-2024-{n6}. It takes 3 to 5 working days.',
  'customer: Great, thanks. Also my parcel {tracking} has not arrived yet.',
  'agent: The carrier shows it left the depot on {date}; I will chase it for you.',
  'customer: My card number is {card}, can you update it?',
  'agent: Please do not read card numbers over chat; I will send you the secure link instead.',
  'agente: Grazie per aver chiamato, come posso aiutarla? Il suo ordine {order} è in consegna.',
  'klient: Dzień dobry, mam problem z płatnością z dnia {date}, kwota {amount} zł.',
  'operators: Labdien! Jūsu pasūtījums {order} tiks piegādāts {date}.',
  'الموظف: شكراً لاتصالك، رقم الطلب {order} وسيتم التوصيل في {date}.',
];
/** Lines without numbers: most of a real conversation is talk, not digits. */
const PROSE = [
  'agent: I completely understand, let me have a look at your account for you.',
  'customer: Okay, no problem, I will wait. It has been a frustrating week honestly.',
  'agent: Thank you for your patience while I check with the billing team.',
  'customer: Is there anything else you need from me to sort this out?',
  'agent: No, that is everything. You will receive an email confirmation shortly.',
  'agent: Is there anything else I can help you with today?',
  'customer: No, that is all, thank you very much for your help.',
  'agent: You are welcome, have a lovely day and thank you for calling.',
  'agente: Capisco perfettamente, controllo subito il suo profilo e la richiamo se serve.',
  'cliente: Va bene, grazie mille per la disponibilità e la pazienza.',
  'konsultant: Rozumiem, sprawdzę to w systemie i zaraz wrócę z odpowiedzią.',
  'klient: Dziękuję bardzo, to wszystko, miłego dnia.',
  'operators: Paldies par pacietību, es pārbaudīšu informāciju sistēmā.',
  'klients: Labi, paldies, tas būtu viss šodien.',
  'الموظف: أفهم تماماً، سأتحقق من حسابك الآن، شكراً لصبرك.',
  'العميل: شكراً جزيلاً على المساعدة، هذا كل شيء.',
];
const NAMES = ['Anna', 'Marco', 'Jānis', 'Katarzyna', 'Omar', 'Fatima', 'John', 'Giulia'];

function digits(r: () => number, n: number): string {
  let s = '';
  for (let k = 0; k < n; k++) s += Math.floor(r() * 10);
  return s;
}

function card(r: () => number): string {
  const body = [4, ...digits(r, 14)].map(Number);
  const n = body.join('') + luhnCheckDigit(body);
  return r() < 0.5 ? n : n.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** About `size` code units of chat transcript: 70% talk, 30% lines with numbers (one in fifteen of those a card). */
export function transcriptCorpus(size: number, seed = 1): string {
  const r = seededRandom(seed);
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const line = (r() < 0.7 ? PROSE[Math.floor(r() * PROSE.length)] ?? '' : LINES[Math.floor(r() * LINES.length)] ?? '').replace(/\{(\w+)\}/g, (_, key: string) => {
      switch (key) {
        case 'name':
          return NAMES[Math.floor(r() * NAMES.length)] ?? 'Anna';
        case 'order':
          return `#${digits(r, 3)}-${digits(r, 7)}-${digits(r, 7)}`;
        case 'date':
          return `2024-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
        case 'time':
          return `${String(Math.floor(r() * 24)).padStart(2, '0')}:${digits(r, 2)}`;
        case 'amount':
          return `${Math.floor(r() * 500)}.${digits(r, 2)}`;
        case 'n4':
          return digits(r, 4);
        case 'n6':
          return digits(r, 6);
        case 'tracking':
          return `1Z${digits(r, 16)}`;
        case 'card':
          return card(r);
        default:
          return key;
      }
    });
    parts.push(line);
    length += line.length + 1;
  }
  return parts.join('\n');
}

/** About `size` code units of digit-dense text: CSV exports of ids, amounts, timestamps, phones. */
export function digitDenseCorpus(size: number, seed = 2): string {
  const r = seededRandom(seed);
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const row = [
      digits(r, 8),
      `2024${digits(r, 4)}${digits(r, 6)}`,
      digits(r, 1 + Math.floor(r() * 19)),
      `${digits(r, 3)}.${digits(r, 2)}`,
      `+${digits(r, 11)}`,
      r() < 0.02 ? card(r) : digits(r, 12),
      digits(r, 16 + Math.floor(r() * 6)),
    ].join(',');
    parts.push(row);
    length += row.length + 1;
  }
  return parts.join('\n');
}
