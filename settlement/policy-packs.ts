/**
 * The bundled policy packs, loadable by `policyRef`. Each pack's `source` says where its
 * numbers come from (domain.md §4, dated local examples): fixtures and training data, not
 * configuration for a real facility.
 */
import dali from './packs/dali-532900-2023-390.json' with { type: 'json' };
import demo from './packs/demo-330200-2025-390.json' with { type: 'json' };
import nmg from './packs/nmg-150800-2025-310.json' with { type: 'json' };
import shanghai from './packs/shanghai-310100-2024-310.json' with { type: 'json' };
import weifang from './packs/weifang-370700-2022-310.json' with { type: 'json' };

const packs: ReadonlyMap<string, unknown> = new Map(
  [demo, dali, nmg, weifang, shanghai].map((pack) => [pack.id, pack] as const),
);

/** The raw pack with this id (validated by the engine like any inline policy), or undefined. */
export function bundledPolicy(id: string): unknown {
  return packs.get(id);
}

/** The ids of every bundled pack. */
export function bundledPolicyIds(): string[] {
  return [...packs.keys()];
}
