import { describe, expect, it } from 'vitest';
import { bundledPolicy, bundledPolicyIds, parsePolicy } from '../../../settlement/index.js';

describe('bundled policy packs', () => {
  it('bundles at least three packs built from the dated examples', () => {
    expect(bundledPolicyIds().length).toBeGreaterThanOrEqual(3);
  });

  it.each(bundledPolicyIds())('%s is a valid policy that says where its numbers come from', (id) => {
    const raw = bundledPolicy(id) as { source?: Record<string, string>; id: string };
    expect(raw.id).toBe(id);
    expect(Object.values(raw.source ?? {}).join(' ').length).toBeGreaterThan(40);
    const parsed = parsePolicy(raw);
    expect(parsed.ok ? parsed.value.id : parsed.error).toBe(id);
  });
});
