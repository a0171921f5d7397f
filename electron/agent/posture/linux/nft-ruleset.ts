/** What `nft -j list ruleset` says about inbound filtering. */
export interface NftSummary {
  tables: number;
  inputChains: { family: string; table: string; name: string; policy: string | null; rules: number; dropRules: number }[];
  /** An input-hook chain drops by default or has a drop/reject rule: something filters inbound traffic. */
  filtersInput: boolean;
}

/**
 * Pure parser for `nft -j list ruleset` (needs root; without it nft prints "Operation not
 * permitted" on stderr). Null when the text is not nft's JSON.
 */
export function parseNftRuleset(text: string): NftSummary | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const items = (data as { nftables?: unknown })?.nftables;
  if (!Array.isArray(items)) return null;
  let tables = 0;
  const chains = new Map<string, NftSummary['inputChains'][number]>();
  const keyOf = (o: Record<string, unknown>, chainKey: string) => `${String(o.family)}/${String(o.table)}/${String(o[chainKey])}`;
  for (const item of items as Record<string, Record<string, unknown>>[]) {
    if (item.table) tables += 1;
    const c = item.chain;
    if (c && c.hook === 'input') {
      chains.set(keyOf(c, 'name'), {
        family: String(c.family),
        table: String(c.table),
        name: String(c.name),
        policy: typeof c.policy === 'string' ? c.policy : null,
        rules: 0,
        dropRules: 0,
      });
    }
  }
  for (const item of items as Record<string, Record<string, unknown>>[]) {
    const r = item.rule;
    if (!r) continue;
    const chain = chains.get(keyOf(r, 'chain'));
    if (!chain) continue;
    chain.rules += 1;
    // Verdicts are expression objects {"drop": null} / {"reject": ...}; jumps to other chains are not followed.
    if (Array.isArray(r.expr) && r.expr.some((e) => e !== null && typeof e === 'object' && ('drop' in e || 'reject' in e))) chain.dropRules += 1;
  }
  const inputChains = [...chains.values()];
  return { tables, inputChains, filtersInput: inputChains.some((c) => c.policy === 'drop' || c.policy === 'reject' || c.dropRules > 0) };
}

/** Pure parser for /etc/ufw/ufw.conf: ENABLED=yes means ufw starts (and filters) at boot. */
export function parseUfwConf(text: string): boolean | null {
  const m = /^\s*ENABLED\s*=\s*"?(yes|no)"?\s*$/im.exec(text);
  return m ? m[1]?.toLowerCase() === 'yes' : null;
}

/** Pure parser for `firewall-cmd --state`: "running" (exit 0) or "not running" (exit 252). */
export function parseFirewalldState(text: string): boolean | null {
  const t = text.trim();
  if (t === 'running') return true;
  if (t === 'not running') return false;
  return null;
}
