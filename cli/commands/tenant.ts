import { Command, Option } from 'commander';
import { email as emailSchema, slug as slugSchema } from '../../server/lib/schemas';
import { changeTenantStatus, createTenant, listAllTenants } from '../../server/modules/admin-tenants/admin-tenants.service';
import { commandLineOperator } from '../../server/modules/system/actor-context';
import { printJson, type CliEnv } from '../cli-env';
import { CliError, EXIT } from '../exit-codes';
import { configFrom, dataDirOption, secretFrom } from '../options';
import { organisationBySlug } from '../organisations';

/** `trasealla tenant …`: the operators' tenant service (admin-tenants.service.ts) as the operator at the command line. */
export function makeTenantCommand(env: CliEnv): Command {
  const tenant = new Command('tenant')
    .description('manage organisations (tenants); their number counts against the license')
    .addHelpText('after', '\nExamples:\n  trasealla tenant list\n  trasealla tenant suspend beta');

  tenant
    .command('create')
    .description('create an organisation and its owner (takes a tenant and a seat)')
    .requiredOption('--slug <slug>', 'short name used at sign-in (lowercase, digits, dashes)')
    .requiredOption('--name <name>', 'organisation name')
    .requiredOption('--owner-email <email>', "the owner's email")
    .requiredOption('--owner-name <name>', "the owner's full name")
    .addOption(
      new Option('--owner-password-file <file>', "a file whose first line is the owner's password (or env TRASEALLA_OWNER_PASSWORD)"),
    )
    .option('--operator', 'make the owner an instance operator too')
    .addOption(dataDirOption())
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  trasealla tenant create --slug beta --name "Beta Clinic" --owner-email boss@beta.example --owner-name "B. Oss" --owner-password-file pw.txt',
    )
    .action(
      async (o: {
        slug: string;
        name: string;
        ownerEmail: string;
        ownerName: string;
        ownerPasswordFile?: string;
        operator?: boolean;
        dataDir?: string;
        json?: boolean;
      }) => {
        const password = secretFrom(o.ownerPasswordFile, 'TRASEALLA_OWNER_PASSWORD');
        if (!password) throw new CliError('No owner password: pass --owner-password-file or set TRASEALLA_OWNER_PASSWORD.', EXIT.USAGE);
        if (!slugSchema().safeParse(o.slug).success)
          throw new CliError('--slug: lowercase letters, digits and dashes, 2 to 40 characters, no dash at either end.', EXIT.USAGE);
        if (!emailSchema().safeParse(o.ownerEmail).success) throw new CliError('--owner-email: not a valid email address.', EXIT.USAGE);
        const deps = await env.runtime(configFrom(o));
        deps.license.assertActivated();
        const { tenant: t, owner } = await createTenant(commandLineOperator(deps), {
          slug: o.slug,
          name: o.name,
          owner: { email: o.ownerEmail.trim().toLowerCase(), name: o.ownerName, password, isOperator: o.operator ?? false },
        });
        const created = { tenant: t, owner: { id: owner.id, email: owner.email } };
        if (o.json) printJson(env.io, created);
        else env.io.out(`Created organisation ${t.name} (${t.slug}) with owner ${owner.email}.`);
      },
    );

  tenant
    .command('list')
    .description('every organisation with its status and active users')
    .addOption(dataDirOption())
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  trasealla tenant list --json')
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      const operator = commandLineOperator(await env.runtime(configFrom(o)));
      const rows = [];
      let cursor: string | undefined;
      do {
        const page = await listAllTenants(operator, { limit: 200, cursor, includeDeleted: false });
        rows.push(...page.data);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      if (o.json) return printJson(env.io, rows);
      if (rows.length === 0) return env.io.out('No organisations yet. Run "trasealla setup".');
      for (const t of rows) env.io.out(`${t.slug.padEnd(24)} ${t.status.padEnd(9)} ${String(t.activeUsers).padStart(5)} users  ${t.name}`);
    });

  for (const [name, status, verb] of [
    ['suspend', 'suspended', 'Suspended'],
    ['resume', 'active', 'Resumed'],
  ] as const) {
    tenant
      .command(name)
      .description(name === 'suspend' ? 'stop an organisation signing in (its data is kept)' : 'let a suspended organisation sign in again')
      .argument('<slug>', 'the organisation')
      .addOption(dataDirOption())
      .addHelpText('after', `\nExample:\n  trasealla tenant ${name} beta`)
      .action(async (slug: string, o: { dataDir?: string }) => {
        const deps = await env.runtime(configFrom(o));
        const before = await organisationBySlug(deps, slug);
        deps.license.assertActivated();
        await changeTenantStatus(commandLineOperator(deps), before.id, status);
        env.io.out(before.status !== status ? `${verb} ${slug}.` : `${slug} was already ${status}.`);
      });
  }
  return tenant;
}
