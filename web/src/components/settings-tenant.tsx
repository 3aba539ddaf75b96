import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useId, useMemo, useState, type CSSProperties, type FormEvent } from 'react';
import { client, ok } from '../lib/api';
import { useSession } from '../lib/session';
import type { Tenant } from '../lib/types';
import { ErrorBox, Loading } from './errors';
import { Field } from './field';
import { isAdmin, pathErrors, Success, useUpdateMe } from './settings-kit';
import { SubmitButton } from './submit';

const LABELS = {
  name: 'Organisation name',
  'settings.timezone': 'Time zone',
  'settings.currency': 'Currency',
  'settings.branding.primaryColor': 'Brand colour',
  'settings.branding.logoText': 'Logo text',
};

export const TENANT_KEY = ['tenant'] as const;

export function useTenant() {
  return useQuery({ queryKey: TENANT_KEY, queryFn: () => ok(client.api.tenant.$get()), staleTime: 5 * 60_000 });
}

/** WCAG relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** What the header will look like in this colour: styles.css picks white or dark text, whichever reads better. */
function colourNote(hex: string): string | undefined {
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) return undefined;
  const l = luminance(hex);
  const white = 1.05 / (l + 0.05);
  const dark = (l + 0.05) / 0.05;
  return white >= dark
    ? `The header's text will be white (contrast ${white.toFixed(1)}:1).`
    : `The header's text will be dark (contrast ${dark.toFixed(1)}:1).`;
}

function ReadOnly({ t }: { t: Tenant }) {
  const rows: [string, string | undefined][] = [
    ['Name', t.name],
    ['Slug', t.slug],
    ['Time zone', t.settings.timezone],
    ['Currency', t.settings.currency],
    ['Brand colour', t.settings.branding.primaryColor],
    ['Logo text', t.settings.branding.logoText],
  ];
  return (
    <>
      <dl className="fields">
        {rows.map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd>{v || '—'}</dd>
          </Fragment>
        ))}
      </dl>
      <p className="hint">Only owners and admins can change these.</p>
    </>
  );
}

function EditForm({ t }: { t: Tenant }) {
  const qc = useQueryClient();
  const updateMe = useUpdateMe();
  const zonesId = useId();
  const initial = (x: Tenant) => ({
    name: x.name,
    timezone: x.settings.timezone,
    currency: x.settings.currency,
    color: x.settings.branding.primaryColor ?? '',
    logo: x.settings.branding.logoText ?? '',
  });
  const [v, setV] = useState(() => initial(t));
  const [saved, setSaved] = useState(false);
  // Chromium lists every IANA zone it knows; the server checks the same way (Intl), so the two agree.
  const zones = useMemo(() => ['UTC', ...(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [])], []);
  const save = useMutation({
    mutationFn: () => {
      // The server merges branding, so an empty box means "leave as is", not "clear".
      const branding = {
        ...(v.color.trim() ? { primaryColor: v.color.trim() } : {}),
        ...(v.logo.trim() ? { logoText: v.logo.trim() } : {}),
      };
      return ok(
        client.api.tenant.$patch({
          json: { name: v.name, settings: { timezone: v.timezone.trim(), currency: v.currency.trim().toUpperCase(), branding } },
        }),
      );
    },
    onSuccess: (after) => {
      qc.setQueryData(TENANT_KEY, after);
      updateMe((m) => ({ ...m, tenant: { ...m.tenant, name: after.name } }));
      // What the server kept (it trims; the currency is upper-cased here).
      setV(initial(after));
      setSaved(true);
    },
  });
  const errors = pathErrors(save.error, LABELS);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const validColor = /^#[0-9a-fA-F]{6}$/.test(v.color.trim());
  return (
    <form aria-label="Organisation settings" noValidate onSubmit={submit}>
      <fieldset>
        <Field label={LABELS.name} name="name" error={errors.byField.name}>
          <input value={v.name} onChange={set('name')} required maxLength={120} autoComplete="organization" />
        </Field>
        <p className="hint">Sign-in address (slug): {t.slug}. Only an operator can change it.</p>
        <Field
          label={LABELS['settings.timezone']}
          name="settings.timezone"
          hint="An IANA time zone, e.g. Europe/Madrid."
          error={errors.byField['settings.timezone']}
        >
          <input value={v.timezone} onChange={set('timezone')} list={zonesId} autoComplete="off" spellCheck={false} />
        </Field>
        <datalist id={zonesId}>
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <Field
          label={LABELS['settings.currency']}
          name="settings.currency"
          hint="Three-letter code for new deals, e.g. EUR."
          error={errors.byField['settings.currency']}
        >
          <input value={v.currency} onChange={set('currency')} maxLength={3} autoComplete="off" spellCheck={false} className="short" />
        </Field>
        <Field
          label={LABELS['settings.branding.primaryColor']}
          name="settings.branding.primaryColor"
          hint={`A colour like #1f5fbf for the header; leave empty to keep the current one. ${colourNote(v.color.trim()) ?? ''}`.trim()}
          error={errors.byField['settings.branding.primaryColor']}
        >
          <input value={v.color} onChange={set('color')} autoComplete="off" spellCheck={false} placeholder="#1f5fbf" className="short" />
        </Field>
        <div className="brand-pick">
          <input
            type="color"
            aria-label="Colour picker"
            value={validColor ? v.color.trim().toLowerCase() : '#172236'}
            onChange={(e) => setV((x) => ({ ...x, color: e.target.value }))}
          />
          <span
            className="brand-preview"
            aria-hidden="true"
            style={validColor ? ({ '--preview': v.color.trim() } as CSSProperties) : undefined}
          >
            {v.logo.trim() || t.settings.branding.logoText || 'Trasealla CRM'}
          </span>
        </div>
        <Field
          label={LABELS['settings.branding.logoText']}
          name="settings.branding.logoText"
          hint="Shown in the header instead of Trasealla CRM; up to 40 characters; leave empty to keep the current one."
          error={errors.byField['settings.branding.logoText']}
        >
          <input value={v.logo} onChange={set('logo')} maxLength={40} autoComplete="off" />
        </Field>
      </fieldset>
      <ErrorBox error={save.error} others={errors.others} />
      {saved ? <Success>Saved the organisation settings.</Success> : null}
      <SubmitButton pending={save.isPending}>Save organisation</SubmitButton>
    </form>
  );
}

/** GET/PATCH /api/tenant: owners and admins edit; everyone else reads. */
export function TenantSection() {
  const { me } = useSession();
  const tenant = useTenant();
  return (
    <section className="card" aria-labelledby="tenant-title">
      <h2 id="tenant-title">Organisation</h2>
      {tenant.isPending ? (
        <Loading />
      ) : tenant.isError ? (
        <ErrorBox error={tenant.error} retry={() => void tenant.refetch()} />
      ) : isAdmin(me.role) ? (
        <EditForm t={tenant.data} />
      ) : (
        <ReadOnly t={tenant.data} />
      )}
    </section>
  );
}
