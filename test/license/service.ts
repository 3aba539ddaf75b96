import { devSigningKeyPair } from '../../licensing/key/dev-keypair';
import { startServiceProcess } from '../licensing/helpers/service-process';
import { OperatorClient } from '../licensing/helpers/operator-client';

/**
 * The real license service process, signing with the development key pair: the key every
 * non-production CRM build trusts, so a CRM under test believes its answers like a customer's
 * CRM believes Trasealla's.
 */
export async function startDevLicenseService() {
  const service = await startServiceProcess({}, devSigningKeyPair());
  const op = new OperatorClient(service.url, service.token);
  return {
    url: service.url,
    op,
    /** Issues an online key (7-day checks, 14 days' grace) and returns its id and text. */
    async issue(overrides: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
      const res = await op.issue({ customer: 'Acme Health', maxUsers: 20, maxTenants: 3, features: ['api'], ...overrides });
      if (res.status !== 201) throw new Error(`issue failed: ${JSON.stringify(res.json)}`);
      return { id: res.json.id, key: res.json.key };
    },
    stop: async () => {
      await service.stop();
    },
  };
}

export type DevLicenseService = Awaited<ReturnType<typeof startDevLicenseService>>;
