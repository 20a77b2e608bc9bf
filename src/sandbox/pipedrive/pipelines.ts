/** The pipelines and stages of every company (`data/pipelines.json`; shapes of the SDK's `GetPipelinesResponse` and `StageItem`). */
import { providerData } from '../shared/provider-data.js';
import PIPELINES_JSON from './data/pipelines.json' with { type: 'json' };
import { ANSWERS, fromTemplate } from './records.js';

/** Pipelines and stages (`data/pipelines.json`), "created" with the company. */
const DATA = providerData('pipedrive/data/pipelines.json', PIPELINES_JSON, {
  createdAt: 'string',
  pipelines: ['list', { id: 'number', name: 'string', orderNr: 'number' }],
  stages: ['list', { id: 'number', name: 'string', pipelineId: 'number', orderNr: 'number', dealProbability: 'number' }],
});
export const PIPELINES: readonly Pipeline[] = DATA.pipelines;
export const STAGES: readonly Stage[] = DATA.stages;
const CREATED = DATA.createdAt;

/** A pipeline. */
export type Pipeline = Readonly<(typeof DATA.pipelines)[number]>;
/** A stage of a pipeline. */
export type Stage = Readonly<(typeof DATA.stages)[number]>;

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

/** A pipeline or stage as v2 answers it: its template with the item's values under their snake-cased names. */
const answer = (template: Record<string, unknown> | undefined, item: object) =>
  fromTemplate(template, {
    ...Object.fromEntries(Object.entries(item).map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value])),
    ...{ add_time: CREATED, update_time: CREATED },
  });
export const pipelineJson = (pipeline: Pipeline) => answer(ANSWERS.pipeline, pipeline);
export const stageJson = (stage: Stage) => answer(ANSWERS.stage, stage);
