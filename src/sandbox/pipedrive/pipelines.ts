/**
 * The pipelines and stages every sandbox company has, which deals point at
 * (`pipeline_id`, `stage_id`). The first pipeline has the stages a new
 * Pipedrive company starts with; a second one gives the pipeline filter
 * something to tell apart. Served by `GET /api/v2/pipelines` and
 * `GET /api/v2/stages` (shapes of the SDK's `GetPipelinesResponse` and
 * `StageItem`).
 */

export const PIPELINES = Object.freeze([
  { id: 1, name: 'Sales pipeline', orderNr: 1 },
  { id: 2, name: 'Renewals', orderNr: 2 },
]);

/** A pipeline. */
export type Pipeline = (typeof PIPELINES)[number];

export const STAGES = Object.freeze([
  { id: 1, name: 'Qualified', pipelineId: 1, orderNr: 1, dealProbability: 100 },
  { id: 2, name: 'Contact Made', pipelineId: 1, orderNr: 2, dealProbability: 100 },
  { id: 3, name: 'Demo Scheduled', pipelineId: 1, orderNr: 3, dealProbability: 100 },
  { id: 4, name: 'Proposal Made', pipelineId: 1, orderNr: 4, dealProbability: 100 },
  { id: 5, name: 'Negotiations Started', pipelineId: 1, orderNr: 5, dealProbability: 100 },
  { id: 6, name: 'Up for renewal', pipelineId: 2, orderNr: 1, dealProbability: 100 },
  { id: 7, name: 'Renewal negotiation', pipelineId: 2, orderNr: 2, dealProbability: 100 },
]);

/** A stage of a pipeline. */
export type Stage = (typeof STAGES)[number];

/** Pipelines and stages were "created" with the company. */
const CREATED = '2023-01-02T09:00:00Z';

export function stageById(id: number): Stage | undefined {
  return STAGES.find((stage) => stage.id === id);
}

export function pipelineById(id: number): Pipeline | undefined {
  return PIPELINES.find((pipeline) => pipeline.id === id);
}

/** The first stage of a pipeline (where a deal lands when only `pipeline_id` is given). */
export function firstStageOf(pipelineId: number): Stage | undefined {
  return STAGES.filter((stage) => stage.pipelineId === pipelineId).sort((a, b) => a.orderNr - b.orderNr)[0];
}

export function pipelineJson(pipeline: Pipeline): Record<string, unknown> {
  return {
    id: pipeline.id,
    name: pipeline.name,
    order_nr: pipeline.orderNr,
    is_deleted: false,
    is_deal_probability_enabled: false,
    add_time: CREATED,
    update_time: CREATED,
  };
}

export function stageJson(stage: Stage): Record<string, unknown> {
  return {
    id: stage.id,
    order_nr: stage.orderNr,
    name: stage.name,
    is_deleted: false,
    deal_probability: stage.dealProbability,
    pipeline_id: stage.pipelineId,
    is_deal_rot_enabled: false,
    days_to_rotten: null,
    add_time: CREATED,
    update_time: CREATED,
  };
}
