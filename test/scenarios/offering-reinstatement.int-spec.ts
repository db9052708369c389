import { DataSource } from 'typeorm';
import { waitUntil, withAuthorization } from '@itsm/platform/testing';
// Root-level tests walk a story across services: the real catalog and requests service, through Kafka.
import { type CatalogUnderTest, fixtures, startCatalog } from '../../services/catalog/test/catalog-harness';
import { type RequestsUnderTest, startRequests } from '../../services/requests/test/requests-harness';

/**
 * Issue 10, item 14: retiring an offering is no longer final. The catalog retires it, the requests
 * service (its projection fed by the catalog's events on Kafka) refuses new requests; a platform
 * admin reinstates it in the catalog, and the requests service takes requests for it again.
 */
describe('an offering retired by mistake is reinstated: catalog → Kafka → requests', () => {
  let catalog: CatalogUnderTest;
  let requests: RequestsUnderTest;
  let projection: DataSource;

  beforeAll(async () => {
    [catalog, requests] = await Promise.all([startCatalog(), startRequests()]);
    projection = requests.app.get(DataSource);
  });

  afterAll(async () => {
    await requests?.close();
    await catalog?.close();
  });

  /** What the requests service knows of the offering, once its projection has caught up with `expected`. */
  const projected = (offeringId: string, expected: { versions: number; retired: boolean }) =>
    waitUntil(
      async () => {
        const [row] = await projection.query(
          `select o.retired, (select count(*) from catalog_offering_version v where v.offering_id = o.id)::int as versions from catalog_offering o where o.id = $1`,
          [offeringId],
        );
        return row?.versions === expected.versions && row?.retired === expected.retired;
      },
      // The catalog topics are read from the beginning, on a broker every earlier run shared.
      120_000,
      `the offering ${expected.retired ? 'retired' : 'requestable'} in the requests service's projection`,
    );

  it('takes requests, refuses them once retired, and takes them again once a platform admin reinstates it', async () => {
    const departmentId = (await fixtures.department(catalog.http))['departmentId'] as string;
    const team = async (region: string) =>
      (await fixtures.team(catalog.http, departmentId, { regions: [region] }))['teamId'] as string;
    const teams = { south: await team('cn-south'), east: await team('cn-east'), pos: await team('cn-south') };
    const offeringId = (
      await catalog.http.post('/offerings').send(fixtures.offeringInput(departmentId, teams)).expect(201)
    ).body.offeringId as string;
    await catalog.http.post(`/offerings/${offeringId}/publish`).send({}).expect(200);

    const requesterToken = await requests.issuer.tokenFor({
      subject: 'u-store.manager',
      roles: ['requester'],
      expiresInSeconds: 3600,
    });
    const requester = withAuthorization(requests.anonymous, `Bearer ${requesterToken}`);
    const submit = () =>
      requester
        .post('/requests')
        .send({ offeringId, formData: { storeName: '深圳快闪店', region: 'cn-south', openingDate: '2027-09-01' } });

    await projected(offeringId, { versions: 1, retired: false });
    await submit().expect(201);

    // One slip of an admin: the offering is retired, and the requests service refuses it.
    await catalog.http.post(`/offerings/${offeringId}/retire`).send({}).expect(200);
    await projected(offeringId, { versions: 1, retired: true });
    expect((await submit().expect(409)).body.code).toBe('requests.offering.retired');

    // A platform admin reinstates it in the catalog; the requests service hears of it through Kafka.
    await catalog.http.post(`/offerings/${offeringId}/reinstate`).send({}).expect(200);
    await projected(offeringId, { versions: 1, retired: false });
    const again = await submit().expect(201);
    expect(again.body.offering).toMatchObject({ offeringId, version: 1 });
  });
});
