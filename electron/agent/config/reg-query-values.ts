/**
 * Parses the output of `reg query <key>` (values of one registry key, no /s) into name → value.
 * Output format (https://learn.microsoft.com/windows-server/administration/windows-commands/reg-query):
 *
 *     HKEY_LOCAL_MACHINE\Software\Policies\ShiftGuard
 *         ServerUrl    REG_SZ    https://shiftguard.example.com
 *         StartAtLogin    REG_DWORD    0x1
 *
 * REG_DWORD / REG_QWORD become numbers, REG_MULTI_SZ a string array (reg prints the items
 * joined by the two characters "\0"), REG_SZ / REG_EXPAND_SZ strings. Other types (binary) are
 * returned as their text so validation can report them. Subkeys and the (Default) value are skipped.
 */
export function parseRegQueryValues(text: string): Record<string, string | number | string[]> {
  const values: Record<string, string | number | string[]> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (!match) continue;
    const [, name = '', type, data = ''] = match;
    if (name === '(Default)') continue;
    switch (type) {
      case 'REG_DWORD':
      case 'REG_QWORD':
        values[name] = /^0x[0-9a-f]+$/i.test(data) ? Number.parseInt(data.slice(2), 16) : data;
        break;
      case 'REG_MULTI_SZ':
        values[name] = data === '' ? [] : data.split('\\0').filter((s) => s !== '');
        break;
      default:
        values[name] = data;
    }
  }
  return values;
}
