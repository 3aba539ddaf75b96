/** The argument lists the CLI suites (in process and spawned) pass again and again. */

export function setupArgs(o: {
  dataDir: string;
  passwordFile: string;
  key?: string;
  keyFile?: string;
  company?: string;
  adminName?: string;
  adminEmail?: string;
}): string[] {
  const license = o.keyFile ? ['--license-file', o.keyFile] : ['--license-key', o.key ?? ''];
  return [
    'setup',
    '--non-interactive',
    '--data-dir',
    o.dataDir,
    ...license,
    ...['--company', o.company ?? 'Acme', '--admin-name', o.adminName ?? 'Ana', '--admin-email', o.adminEmail ?? 'ana@acme.example'],
    ...['--admin-password-file', o.passwordFile],
  ];
}

export function tenantCreateArgs(o: {
  dataDir: string;
  slug: string;
  name: string;
  ownerEmail: string;
  ownerName: string;
  passwordFile: string;
}): string[] {
  return [
    ...['tenant', 'create', '--slug', o.slug, '--name', o.name],
    ...['--owner-email', o.ownerEmail, '--owner-name', o.ownerName, '--owner-password-file', o.passwordFile, '-d', o.dataDir],
  ];
}
