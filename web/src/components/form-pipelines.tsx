import { useQuery } from '@tanstack/react-query';
import { client, ok } from '../lib/api';
import type { Pipeline } from '../lib/types';

/** The organisation's pipelines with their stages, in board order: one request, shared by the deal list, its filters and the deal form. */
export function usePipelines(enabled = true) {
  return useQuery({
    queryKey: ['pipelines', 'all'],
    queryFn: async (): Promise<Pipeline[]> => (await ok(client.api.pipelines.$get({ query: { limit: '200' } }))).data as Pipeline[],
    staleTime: 5 * 60_000,
    enabled,
  });
}

export const defaultPipeline = (pipelines: Pipeline[]) => pipelines.find((p) => p.isDefault) ?? pipelines[0];

/** Stage options: the chosen pipeline's stages, or every pipeline's (named by pipeline when there are several). */
export function stageOptions(pipelines: Pipeline[], pipelineId: string): [id: string, label: string][] {
  const shown = pipelineId ? pipelines.filter((p) => p.id === pipelineId) : pipelines;
  return shown.flatMap((p) => p.stages.map((s): [string, string] => [s.id, shown.length > 1 ? `${p.name} · ${s.name}` : s.name]));
}

/** A deal's stage as the list shows it: the pipeline's name too when there are several. */
export function stageName(pipelines: Pipeline[], pipelineId: string, stageId: string): string {
  const p = pipelines.find((x) => x.id === pipelineId);
  const s = p?.stages.find((x) => x.id === stageId)?.name ?? '';
  return pipelines.length > 1 && p ? `${p.name} · ${s}` : s;
}
