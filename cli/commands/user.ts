import { password as passwordPrompt } from '@inquirer/prompts';
import { Command, Option } from 'commander';
import { ROLES, type Role } from '../../server/lib/roles';
import { addUser, listUsers } from '../../server/modules/users/users.service';
import { toUserDto } from '../../server/modules/users/users.dto';
import { CliError, EXIT } from '../exit-codes';
import { deactivateByEmail, resetPassword, systemScope, tenantBySlug } from '../operator-actions';
import { configFrom, dataDirOption } from '../options';
import { isInteractive, printJson, secretFrom, withRuntime } from '../runtime';
import type { AppDeps } from '../../server/lib/context';

const tenantOption = () =>
  new Option('-t, --tenant <slug>', 'the organisation (tenant slug)').makeOptionMandatory().env('TRASEALLA_TENANT');
const passwordFileOption = () =>
  new Option('--password-file <file>', 'a file whose first line is the password (or env TRASEALLA_USER_PASSWORD)');

async function newPassword(file: string | undefined): Promise<string> {
  const given = secretFrom(file, 'TRASEALLA_USER_PASSWORD');
  if (given) return given;
  if (!isInteractive()) throw new CliError('No password: pass --password-file or set TRASEALLA_USER_PASSWORD.', EXIT.USAGE);
  for (;;) {
    const first = await passwordPrompt({ message: 'Password:', mask: '*' });
    if ((await passwordPrompt({ message: 'Repeat the password:', mask: '*' })) === first) return first;
    console.log('The passwords do not match. Try again.');
  }
}

function requestContext(deps: AppDeps, tenantId: string) {
  const scope = systemScope(deps, tenantId);
  return { deps, scope, requestId: 'cli', auth: { role: 'owner' } } as unknown as Parameters<typeof listUsers>[0];
}

export function makeUserCommand(): Command {
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
        const password = await newPassword(o.passwordFile);
        const created = await withRuntime(config, async (deps) => {
          deps.license.assertActivated();
          const tenant = tenantBySlug(deps, o.tenant);
          return toUserDto(
            await addUser(deps, systemScope(deps, tenant.id), {
              email: o.email.trim().toLowerCase(),
              name: o.name,
              password,
              role: o.role,
            }),
          );
        });
        if (o.json) printJson(created);
        else console.log(`Added ${created.email} (${created.role}) to ${o.tenant}.`);
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
      const rows = await withRuntime(configFrom(o), (deps) => {
        const tenant = tenantBySlug(deps, o.tenant);
        const out = [];
        let cursor: string | undefined;
        do {
          const page = listUsers(requestContext(deps, tenant.id), { limit: 200, cursor, sort: 'email', active: o.all ? undefined : true });
          out.push(...page.data);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return out;
      });
      if (o.json) return printJson(rows);
      if (rows.length === 0) return console.log('No users.');
      for (const u of rows) console.log(`${u.email.padEnd(36)} ${u.role.padEnd(7)} ${u.active ? 'active' : 'inactive'}  ${u.name}`);
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
      const password = await newPassword(o.passwordFile);
      const u = await withRuntime(configFrom(o), (deps) => resetPassword(deps, tenantBySlug(deps, o.tenant), email, password));
      console.log(`Password changed for ${u.email}; their sessions were ended.`);
    });

  user
    .command('deactivate')
    .description('deactivate a person: signs them out and frees their seat (nothing is deleted)')
    .argument('<email>', 'their email')
    .addOption(tenantOption())
    .addOption(dataDirOption())
    .addHelpText('after', '\nExample:\n  trasealla user deactivate bo@acme.example --tenant acme')
    .action(async (email: string, o: { tenant: string; dataDir?: string }) => {
      const { user: u, changed } = await withRuntime(configFrom(o), (deps) => deactivateByEmail(deps, tenantBySlug(deps, o.tenant), email));
      console.log(changed ? `Deactivated ${u.email}; their seat is free.` : `${u.email} was already deactivated.`);
    });
  return user;
}
