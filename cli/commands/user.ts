import { Command, Option } from 'commander';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../server/lib/context';
import { ROLES, type Role } from '../../server/lib/roles';
import {
  createUser,
  deactivateUser,
  getUserByEmail,
  listUsers,
  reactivateUser,
  resetUserPassword,
} from '../../server/modules/users/users.service';
import { printJson, type CliEnv } from '../cli-env';
import { CliError, EXIT } from '../exit-codes';
import { configFrom, dataDirOption, secretFrom } from '../options';
import { insideOrganisation } from '../organisations';

const tenantOption = () =>
  new Option('-t, --tenant <slug>', 'the organisation (tenant slug)').makeOptionMandatory().env('TRASEALLA_TENANT');
const passwordFileOption = () =>
  new Option('--password-file <file>', 'a file whose first line is the password (or env TRASEALLA_USER_PASSWORD)');

async function newPassword(env: CliEnv, file: string | undefined): Promise<string> {
  const given = secretFrom(file, 'TRASEALLA_USER_PASSWORD');
  if (given) return given;
  if (!env.io.interactive) throw new CliError('No password: pass --password-file or set TRASEALLA_USER_PASSWORD.', EXIT.USAGE);
  for (;;) {
    const first = await env.prompts.password({ message: 'Password:', mask: '*' });
    if ((await env.prompts.password({ message: 'Repeat the password:', mask: '*' })) === first) return first;
    env.io.out('The passwords do not match. Try again.');
  }
}

async function personByEmail(ctx: RequestContext, email: string) {
  try {
    return await getUserByEmail(ctx, email);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND')
      throw new CliError(`There is no user ${email} in this organisation. See "trasealla user list".`);
    throw err;
  }
}

/** `trasealla user …`: the people service (users.service.ts) as the operator at the command line, with the owner's rights. */
export function makeUserCommand(env: CliEnv): Command {
  const user = new Command('user')
    .description('manage the people of an organisation (seats count against the license)')
    .addHelpText(
      'after',
      '\nExamples:\n  trasealla user list --tenant acme\n  trasealla user create --tenant acme --email bo@acme.example --name Bo --password-file pw.txt\n  trasealla user deactivate bo@acme.example --tenant acme',
    );

  user
    .command('create')
    .description('add a person (takes a license seat)')
    .addOption(tenantOption())
    .requiredOption('--email <email>', 'their email (sign-in)')
    .requiredOption('--name <name>', 'their full name')
    .addOption(new Option('--role <role>', 'role').choices(ROLES as unknown as string[]).default('member'))
    .addOption(passwordFileOption())
    .addOption(dataDirOption())
    .option('--json', 'print the user as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  trasealla user create --tenant acme --email ana@acme.example --name "Ana Ruiz" --role admin --password-file pw.txt\n  TRASEALLA_USER_PASSWORD=… trasealla user create -t acme --email bo@acme.example --name Bo',
    )
    .action(
      async (o: { tenant: string; email: string; name: string; role: Role; passwordFile?: string; dataDir?: string; json?: boolean }) => {
        const config = configFrom(o);
        const password = await newPassword(env, o.passwordFile);
        const deps = await env.runtime(config);
        deps.license.assertActivated();
        const created = await createUser(await insideOrganisation(deps, o.tenant), {
          email: o.email.trim().toLowerCase(),
          name: o.name,
          password,
          role: o.role,
        });
        if (o.json) printJson(env.io, created);
        else env.io.out(`Added ${created.email} (${created.role}) to ${o.tenant}.`);
      },
    );

  user
    .command('list')
    .description('the people of an organisation')
    .addOption(tenantOption())
    .option('--all', 'include deactivated people')
    .addOption(dataDirOption())
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  trasealla user list --tenant acme --json')
    .action(async (o: { tenant: string; all?: boolean; dataDir?: string; json?: boolean }) => {
      const ctx = await insideOrganisation(await env.runtime(configFrom(o)), o.tenant);
      const rows = [];
      let cursor: string | undefined;
      do {
        const page = await listUsers(ctx, { limit: 200, cursor, sort: 'email', active: o.all ? undefined : true });
        rows.push(...page.data);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      if (o.json) return printJson(env.io, rows);
      if (rows.length === 0) return env.io.out('No users.');
      for (const u of rows) env.io.out(`${u.email.padEnd(36)} ${u.role.padEnd(7)} ${u.active ? 'active' : 'inactive'}  ${u.name}`);
    });

  user
    .command('reset-password')
    .description("set a person's password and sign them out everywhere")
    .argument('<email>', 'their email')
    .addOption(tenantOption())
    .addOption(passwordFileOption())
    .addOption(dataDirOption())
    .addHelpText('after', '\nExample:\n  trasealla user reset-password ana@acme.example --tenant acme --password-file new.txt')
    .action(async (email: string, o: { tenant: string; passwordFile?: string; dataDir?: string }) => {
      const password = await newPassword(env, o.passwordFile);
      const deps = await env.runtime(configFrom(o));
      const ctx = await insideOrganisation(deps, o.tenant);
      deps.license.assertActivated();
      const u = await resetUserPassword(ctx, (await personByEmail(ctx, email)).id, password);
      env.io.out(`Password changed for ${u.email}; their sessions were ended.`);
    });

  user
    .command('deactivate')
    .description('deactivate a person: signs them out and frees their seat (nothing is deleted)')
    .argument('<email>', 'their email')
    .addOption(tenantOption())
    .addOption(dataDirOption())
    .addHelpText('after', '\nExample:\n  trasealla user deactivate bo@acme.example --tenant acme')
    .action(async (email: string, o: { tenant: string; dataDir?: string }) => {
      const deps = await env.runtime(configFrom(o));
      const ctx = await insideOrganisation(deps, o.tenant);
      deps.license.assertActivated();
      const before = await personByEmail(ctx, email);
      const u = await deactivateUser(ctx, before.id);
      env.io.out(before.active ? `Deactivated ${u.email}; their seat is free.` : `${u.email} was already deactivated.`);
    });

  user
    .command('reactivate')
    .description('let a deactivated person sign in again (takes a license seat)')
    .argument('<email>', 'their email')
    .addOption(tenantOption())
    .addOption(dataDirOption())
    .addHelpText('after', '\nExample:\n  trasealla user reactivate bo@acme.example --tenant acme')
    .action(async (email: string, o: { tenant: string; dataDir?: string }) => {
      const deps = await env.runtime(configFrom(o));
      const ctx = await insideOrganisation(deps, o.tenant);
      deps.license.assertActivated();
      const before = await personByEmail(ctx, email);
      const u = await reactivateUser(ctx, before.id);
      env.io.out(before.active ? `${u.email} is already active.` : `Reactivated ${u.email}; they take a seat again.`);
    });
  return user;
}
