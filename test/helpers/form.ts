/** Encodes a value as a bracket-notation form, as Stripe-style SDKs do (arrays indexed). */
export function toForm(value: Record<string, unknown>): string {
  const pairs: string[] = [];
  const enc = (key: string, v: unknown): void => {
    if (v === undefined) return;
    if (v === null || typeof v !== 'object') {
      pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(v === null ? '' : String(v))}`);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => enc(`${key}[${i}]`, item));
      return;
    }
    for (const [k, child] of Object.entries(v)) enc(`${key}[${k}]`, child);
  };
  for (const [k, v] of Object.entries(value)) enc(k, v);
  return pairs.join('&');
}
