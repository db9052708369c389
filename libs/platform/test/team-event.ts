/** A team as the catalog publishes it (`TeamChangedV1` data), for events that go through real Kafka. */
export function team(name: string, teamId: string) {
  return {
    teamId,
    code: 'network-south',
    departmentId: '01900000-0000-7000-8000-00000000000d',
    name: { en: name, 'zh-CN': name },
    regions: ['cn-south'],
    members: [],
    archived: false,
    updatedAt: new Date().toISOString(),
  };
}
