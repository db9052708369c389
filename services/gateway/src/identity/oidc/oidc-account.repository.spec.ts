import { usernameCandidates } from './oidc-account.repository';

const identity = { issuer: 'https://login.example.com', subject: '248289761001' };

describe('usernames of OIDC accounts', () => {
  it('tries the hint, then the hint with a suffix from the identity, then random suffixes', () => {
    const candidates = usernameCandidates(' Li.Na@Example.com ', identity);
    expect(candidates[0]).toBe('li.na@example.com');
    expect(candidates[1]).toMatch(/^li\.na@example\.com#[0-9a-f]{8}$/);
    expect(usernameCandidates('li.na@example.com', identity)[1]).toBe(candidates[1]);
    expect(usernameCandidates('li.na@example.com', { ...identity, subject: 'other' })[1]).not.toBe(candidates[1]);
    expect(candidates.slice(2)).toHaveLength(3);
    expect(new Set(candidates).size).toBe(candidates.length);
  });

  it('keeps within the 200 characters of the username column, lower case, without blanks or control characters', () => {
    for (const candidate of usernameCandidates(`${'Ä'.repeat(300)}`, identity)) {
      expect(candidate.length).toBeLessThanOrEqual(200);
      expect(candidate).toBe(candidate.toLowerCase());
    }
    expect(usernameCandidates('Zhang\tWei\u0000 ', identity)[0]).toBe('zhang.wei');
    expect(usernameCandidates('   ', identity)[0]).toBe('user');
  });
});
