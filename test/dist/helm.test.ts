import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/cli-process';

/*
 * The Helm chart, checked as far as it can be without a cluster: values.schema.json against
 * values.yaml, the README's examples and values it must refuse; the templates against the values
 * and helpers they name. helm lint and helm template run too when helm is on PATH.
 */
const CHART = join(ROOT, 'helm', 'trasealla-crm');
type Values = Record<string, unknown>;

const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Values;
const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as object;
const readme = readFileSync(join(CHART, 'README.md'), 'utf8');
const templateFiles = readdirSync(join(CHART, 'templates'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ya?ml|tpl|txt)$/.test(f));
const templates = new Map(templateFiles.map((f) => [f, readFileSync(join(CHART, 'templates', f), 'utf8')]));
const allTemplates = [...templates.values()].join('\n');

const isObject = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Helm's merge of user values over the chart's: objects merge, everything else replaces. */
function merge(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(base[k]) ? merge(base[k], v) : v;
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
function errorsFor(user: Values): string {
  return validate(merge(values, user)) ? '' : ajv.errorsText(validate.errors);
}

const readmeExamples = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as Values);
const validActivation = { enabled: true, licenseKey: 'TRAS-ENT-AAAA-BBBB', company: 'Acme', admin: { name: 'Ana', email: 'ana@acme.example', password: 'Sturdy-Ops-Pass-42' } };

describe('values.schema.json', () => {
  it('accepts values.yaml as it is', () => {
    expect(errorsFor({})).toBe('');
  });

  it('accepts every example in the chart README', () => {
    expect(readmeExamples.length).toBeGreaterThanOrEqual(4);
    for (const example of readmeExamples) expect(errorsFor(example), JSON.stringify(example)).toBe('');
  });

  it.each([
    ['two replicas on the embedded database', { replicaCount: 2 }],
    ['a negative replica count', { replicaCount: -1 }],
    ['a replica count as text', { replicaCount: '1' }],
    ['activation with neither a license key nor an existingSecret', { activation: { ...validActivation, licenseKey: '' } }],
    ['activation with no admin password and no existingSecret', { activation: { ...validActivation, admin: { name: 'Ana', email: 'ana@acme.example' } } }],
    ['activation with a short admin password', { activation: { ...validActivation, admin: { ...validActivation.admin, password: 'short' } } }],
    ['activation without a company', { activation: { ...validActivation, company: '' } }],
    ['activation with an admin email that is not one', { activation: { ...validActivation, admin: { ...validActivation.admin, email: 'ana' } } }],
    ['a license key that is not a TRAS key', { activation: { ...validActivation, licenseKey: 'hello' } }],
    ['an image tag given as a number', { image: { repository: 'trasealla/crm', tag: 0.2 } }],
    ['an image tag given as a boolean', { image: { repository: 'trasealla/crm', tag: true } }],
    ['an unknown pull policy', { image: { repository: 'trasealla/crm', pullPolicy: 'Sometimes' } }],
    ['a database type the chart does not run', { database: { type: 'postgres' } }],
    ['a misspelt top-level value', { replicas: 1 }],
    ['a misspelt persistence value', { persistence: { enabled: true, sise: '1Gi' } }],
    ['a storage size that is not a quantity', { persistence: { enabled: true, size: 'ten gigs' } }],
    ['ReadWriteMany for the SQLite volume', { persistence: { enabled: true, accessMode: 'ReadWriteMany' } }],
    ['a probe enabled flag given as text', { probes: { liveness: { enabled: 'yes' } } }],
    ['a probe path that is not a path', { probes: { liveness: { enabled: true, path: 'healthz' } } }],
    ['a service port out of range', { service: { port: 70000 } }],
    ['an unknown log level', { config: { logLevel: 'loud' } }],
    ['extraEnv with a bad name', { extraEnv: [{ name: 'BAD-NAME', value: 'x' }] }],
    ['a backup schedule that is not cron', { backup: { enabled: true, schedule: 'nightly' } }],
  ])('refuses %s', (_name, user) => {
    expect(errorsFor(user as Values)).not.toBe('');
  });

  it('accepts activation from an existing Secret with no key or password in values', () => {
    expect(errorsFor({ activation: { enabled: true, existingSecret: 'mine', company: 'Acme', admin: { name: 'Ana', email: 'ana@acme.example' } } })).toBe('');
  });
});

/** Every leaf (or list, or empty map) path of the values, e.g. persistence.size. */
function leafPaths(obj: Values, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (isObject(v) && Object.keys(v).length > 0 ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function hasPath(obj: unknown, path: string[]): boolean {
  let cur = obj;
  for (const key of path) {
    if (!isObject(cur) || !(key in cur)) return false;
    cur = cur[key];
  }
  return true;
}

describe('templates (without helm)', () => {
  it('refer only to values that values.yaml defines', () => {
    const refs = new Set([...allTemplates.matchAll(/\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => m[1]!.slice(1)));
    expect(refs.size).toBeGreaterThan(30);
    const missing = [...refs].filter((ref) => !hasPath(values, ref.split('.')));
    expect(missing).toEqual([]);
  });

  it('include only templates that _helpers.tpl defines, and every helper is used', () => {
    const defined = new Set([...allTemplates.matchAll(/define\s+"([^"]+)"/g)].map((m) => m[1]!));
    const used = new Set([...allTemplates.matchAll(/(?:include|template)\s+"([^"]+)"/g)].map((m) => m[1]!));
    expect([...used].filter((n) => !defined.has(n))).toEqual([]);
    expect([...defined].filter((n) => !used.has(n))).toEqual([]);
  });

  it('open and close their blocks in balance', () => {
    for (const [file, text] of templates) {
      const opens = [...text.matchAll(/\{\{-?\s*(if|range|with|define)\b/g)].length;
      const ends = [...text.matchAll(/\{\{-?\s*end\s*-?\}\}/g)].length;
      expect(ends, file).toBe(opens);
    }
  });

  it('refuse more than one replica on the embedded database, with a clear message', () => {
    const helpers = templates.get('_helpers.tpl')!;
    expect(helpers).toMatch(/gt \(int \.Values\.replicaCount\) 1/);
    expect(helpers).toMatch(/fail "replicaCount must be 0 or 1: the embedded SQLite database/);
    expect(templates.get('deployment.yaml')!).toMatch(/^\{\{- include "trasealla-crm\.validate" \. \}\}/);
  });

  it('run one pod with Recreate over a ReadWriteOnce claim kept on uninstall', () => {
    const deployment = templates.get('deployment.yaml')!;
    expect(deployment).toMatch(/kind: Deployment[\s\S]*strategy:\n\s+type: Recreate/);
    const pvc = templates.get('pvc.yaml')!;
    expect(pvc).toMatch(/helm\.sh\/resource-policy: keep/);
    expect(values).toMatchObject({ persistence: { enabled: true, accessMode: 'ReadWriteOnce', keepOnUninstall: true, existingClaim: '', storageClass: '', size: expect.any(String) } });
  });

  it('activate in an idempotent init container, with the key and password only from a Secret', () => {
    const deployment = templates.get('deployment.yaml')!;
    expect(deployment).toMatch(/initContainers:[\s\S]*- setup\n\s+- --non-interactive/);
    expect(deployment).toMatch(/args: \[migrate\]/);
    expect(deployment).toMatch(/name: TRASEALLA_LICENSE_KEY\n\s+valueFrom:\n\s+secretKeyRef:/);
    expect(deployment).toMatch(/name: TRASEALLA_ADMIN_PASSWORD\n\s+valueFrom:\n\s+secretKeyRef:/);
    expect(deployment).not.toMatch(/\.Values\.activation\.(licenseKey|admin\.password)/);
  });

  it('have each probe behind its enabled flag, the hardened security context, a checksum/config annotation', () => {
    const deployment = templates.get('deployment.yaml')!;
    for (const probe of ['startup', 'liveness', 'readiness']) {
      expect(deployment).toMatch(new RegExp(`if \\.Values\\.probes\\.${probe}\\.enabled \\}\\}\\n\\s+${probe}Probe:`));
    }
    expect(values.securityContext).toEqual({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(values.podSecurityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(deployment).toMatch(/checksum\/config: \{\{ include \(print \$\.Template\.BasePath "\/configmap\.yaml"\) \. \| sha256sum \}\}/);
    expect(deployment).toMatch(/extraEnv/);
    expect(deployment).toMatch(/mountPath: \/tmp/);
  });

  it('have a helm test pod calling /readyz and an optional backup CronJob', () => {
    const test = templates.get(join('tests', 'test-readyz.yaml'))!;
    expect(test).toMatch(/helm\.sh\/hook: test/);
    expect(test).toMatch(/\/readyz/);
    const cron = templates.get('backup-cronjob.yaml')!;
    expect(cron).toMatch(/^\{\{- if \.Values\.backup\.enabled \}\}/);
    expect(cron).toMatch(/kind: CronJob[\s\S]*trasealla backup/);
  });

  it('Chart.yaml names the chart and the app version; NOTES.txt exists', () => {
    const chart = parse(readFileSync(join(CHART, 'Chart.yaml'), 'utf8')) as Values;
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'trasealla-crm', type: 'application', appVersion: pkg.version });
    expect(templates.has('NOTES.txt')).toBe(true);
  });

  it('the chart README lists every value', () => {
    const rows = readme.split('\n').filter((l) => l.startsWith('| `'));
    const documented = rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    const missing = leafPaths(values).filter((path) => {
      const parts = path.split('.');
      const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
      const generic = path.replace(/^probes\.(liveness|readiness|startup)\./, 'probes.<probe>.');
      return !candidates.some((c) => documented.includes(c)) && !documented.some((d) => d.startsWith('probes.<probe>.') && generic.startsWith('probes.<probe>.'));
    });
    expect(missing).toEqual([]);
  });
});

const helm = spawnSync('helm', ['version', '--short'], { encoding: 'utf8' });
const hasHelm = helm.status === 0;
if (!hasHelm) console.log('test/dist/helm.test.ts: helm is not on PATH; helm lint and helm template are skipped (the static checks above ran)');

describe.skipIf(!hasHelm)('with helm', () => {
  const activated = ['--set', 'activation.enabled=true,activation.licenseKey=TRAS-ENT-AAAA,activation.company=Acme,activation.admin.name=Ana,activation.admin.email=ana@acme.example,activation.admin.password=Sturdy-Ops-Pass-42'];

  it('helm lint passes, and helm template renders the defaults and an activated install with every option', () => {
    execFileSync('helm', ['lint', CHART, '--strict'], { encoding: 'utf8' });
    execFileSync('helm', ['template', 'crm', CHART], { encoding: 'utf8' });
    const out = execFileSync('helm', ['template', 'crm', CHART, ...activated, '--set', 'ingress.enabled=true,backup.enabled=true'], { encoding: 'utf8' });
    for (const kind of ['Deployment', 'Service', 'Ingress', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'CronJob', 'Pod']) expect(out).toContain(`kind: ${kind}`);
  });

  it('helm template refuses two replicas with the message', () => {
    const res = spawnSync('helm', ['template', 'crm', CHART, '--set', 'replicaCount=2', '--skip-schema-validation'], { encoding: 'utf8' });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/replicaCount must be 0 or 1/);
  });
});
