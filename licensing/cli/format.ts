/** Plain-text rendering of licenses for people; --json prints the API objects instead. */
export interface LicenseJson {
  id: string;
  customer: string;
  tier: string;
  maxUsers: number;
  maxTenants: number;
  features: string[];
  issuedAt: string;
  notBefore: string | null;
  expiresAt: string | null;
  policy: { mode: 'online'; checkIntervalDays: number; graceDays: number } | { mode: 'air-gapped' };
  instanceId: string | null;
  status: string;
  statusReason: string | null;
  keyId: string;
  key: string;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'perpetual');

export function policyText(p: LicenseJson['policy']): string {
  return p.mode === 'online' ? `online, checks every ${p.checkIntervalDays} days, ${p.graceDays} days grace` : 'air-gapped';
}

export function licenseSummary(l: LicenseJson): string {
  return `${l.id}  ${l.customer}  ${l.tier}  ${l.maxUsers} users  ${l.maxTenants} tenants  expires ${day(l.expiresAt)}  ${l.status}`;
}

export function licenseDetails(l: LicenseJson): string {
  const rows: [string, string][] = [
    ['License', l.id],
    ['Customer', l.customer],
    ['Tier', l.tier],
    ['Users', String(l.maxUsers)],
    ['Tenants', String(l.maxTenants)],
    ['Features', l.features.join(', ') || '(none)'],
    ['Issued', l.issuedAt],
    ['Not before', l.notBefore ?? '-'],
    ['Expires', day(l.expiresAt)],
    ['Policy', policyText(l.policy)],
    ['Instance', l.instanceId ?? '(any)'],
    ['Status', l.statusReason ? `${l.status} (${l.statusReason})` : l.status],
    ['Signing key', l.keyId],
  ];
  return `${rows.map(([k, v]) => `${k.padEnd(12)} ${v}`).join('\n')}\n\n${l.key}`;
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
