import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import type { Feature } from '../../../licensing/key/terms';
import { client, ok } from '../lib/api';
import { shortDate } from '../lib/format';
import { useSession } from '../lib/session';
import type { License } from '../lib/types';
import { ErrorBox } from './errors';

/*
 * The license's feature names, restated (the browser takes only types from the server and the
 * licensing code); the type checks below fail if licensing/key/terms.ts adds or drops one.
 * `built` says whether this build of the server has the feature: the names are what a key can
 * grant, and several are sold ahead of the software that uses them.
 */
const FEATURES: Record<Feature, { label: string; built: boolean }> = {
  api: { label: 'REST API and API keys', built: true },
  import_export: { label: 'CSV import and export', built: true },
  analytics: { label: 'Dashboard analytics', built: true },
  products_quotes: { label: 'Products and price list (quotes not yet available)', built: true },
  white_label: { label: 'Brand colour and logo text', built: true },
  priority_support: { label: 'Priority support from Trasealla', built: true },
  custom_fields: { label: 'Custom fields', built: false },
  workflows: { label: 'Workflows', built: false },
  webhooks: { label: 'Webhooks', built: false },
  email_campaigns: { label: 'Email campaigns', built: false },
  files: { label: 'Files and attachments', built: false },
  sso: { label: 'Single sign-on', built: false },
  audit_export: { label: 'Audit log export', built: false },
};

function featureLabel(name: string): { label: string; built: boolean } {
  return FEATURES[name as Feature] ?? { label: name, built: false };
}

function Features({ names }: { names: string[] }) {
  if (names.length === 0) return <>none</>;
  const built = names.filter((n) => featureLabel(n).built);
  const later = names.filter((n) => !featureLabel(n).built);
  return (
    <>
      {built.length ? (
        <ul className="features">
          {built.map((n) => (
            <li key={n}>{featureLabel(n).label}</li>
          ))}
        </ul>
      ) : null}
      {later.length ? (
        <p className="hint">Also licensed, not yet available in this version: {later.map((n) => featureLabel(n).label).join(', ')}.</p>
      ) : null}
    </>
  );
}

const LICENSE_KEY = ['license'] as const;

/** GET /api/license, fresh on this screen (the session's copy may be minutes old). */
export function useLicense() {
  const { license } = useSession();
  return useQuery({
    queryKey: LICENSE_KEY,
    queryFn: () => ok(client.api.license.$get()),
    ...(license ? { placeholderData: license } : {}),
  });
}

function validation(l: License): string {
  if (l.policy?.mode === 'air-gapped') return 'air-gapped (no checks)';
  const when = shortDate(l.lastValidation.attemptedAt);
  return `${l.lastValidation.result ?? 'not yet'}${when ? ` ${when}` : ''}`;
}

export function LicenseSection() {
  const q = useLicense();
  const l = q.data;
  const rows: [string, string | null][] = l
    ? [
        ['Status', `${l.status}${l.readOnly ? ' (read-only)' : ''}`],
        ['Customer', l.customer],
        ['Tier', l.tierName ?? l.tier],
        ['Seats', `${l.seats.used} of ${l.seats.licensed} used`],
        ['Organisations', `${l.tenants.used} of ${l.tenants.licensed}`],
        ['Expires', l.expiresAt ? `${shortDate(l.expiresAt)}${l.daysLeft !== null ? ` (${l.daysLeft} days)` : ''}` : 'never'],
        ['Grace ends', l.graceEndsAt ? shortDate(l.graceEndsAt) : null],
        ['Validation', validation(l)],
      ]
    : [];
  return (
    <section className="card" aria-labelledby="license-title">
      <h2 id="license-title">License</h2>
      {q.isError && !l ? <ErrorBox error={q.error} retry={() => void q.refetch()} /> : null}
      {l ? (
        <>
          <dl className="fields">
            {rows.map(([k, v]) => (
              <Fragment key={k}>
                <dt>{k}</dt>
                <dd>{v || '—'}</dd>
              </Fragment>
            ))}
            <dt>Features</dt>
            <dd>
              <Features names={l.features} />
            </dd>
          </dl>
          {l.warnings.length ? (
            <ul className="warnings">
              {l.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
