import { Link } from '@tanstack/react-router';
import { ApiKeysSection } from '../components/settings-api-keys';
import { isAdmin } from '../components/settings-kit';
import { LicenseSection } from '../components/settings-license';
import { PeopleSection } from '../components/settings-people';
import { ProfileSection } from '../components/settings-profile';
import { TenantSection } from '../components/settings-tenant';
import { PipelineSection } from '../components/pipeline-editor';
import { Screen } from '../components/screen';
import { isOperatorOf, useSession } from '../lib/session';

/** Settings: my profile and password, the organisation, the license; people, API keys and pipelines for owners and admins. */
export default function Settings() {
  const { me } = useSession();
  const admin = isAdmin(me.role);
  const sections: [string, string][] = [
    ['profile-title', 'Your profile'],
    ['tenant-title', 'Organisation'],
    ['license-title', 'License'],
    ...(admin
      ? ([
          ['people-title', 'People'],
          ['keys-title', 'API keys'],
          ['pipelines-title', 'Pipelines'],
        ] as [string, string][])
      : []),
  ];
  return (
    <Screen title="Settings">
      <nav className="settings-toc" aria-label="Settings sections">
        <ul>
          {sections.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings">
        <ProfileSection />
        <TenantSection />
        <LicenseSection />
        {admin ? <PeopleSection /> : null}
        {admin ? <ApiKeysSection /> : null}
        {admin ? <PipelineSection /> : null}
        {isOperatorOf(me) ? (
          <section className="card" aria-labelledby="operator-title">
            <h2 id="operator-title">Instance operator</h2>
            <p>
              You can manage every organisation on this server: <Link to="/admin/tenants">Organisations on this server</Link>.
            </p>
          </section>
        ) : null}
      </div>
    </Screen>
  );
}
