/**
 * The pipelines of deals, tickets and leads every sandbox portal has, as HubSpot's pipelines API returns them
 * (`GET /crm/v3/pipelines/{objectType}`): the default "Sales Pipeline" with HubSpot's own stage ids, a second deal
 * pipeline with numeric ids (as pipelines a portal adds get), the default "Support Pipeline" of tickets and the
 * "Lead pipeline" with HubSpot's own stage ids. A write of a stage is checked against its pipeline, and a deal's
 * read-only stage properties are derived from its stage; a lead created without a stage is in the first one.
 */
import { providerData } from '../shared/provider-data.js';
import PIPELINES_JSON from './data/pipelines.json' with { type: 'json' };
import type { ObjectTypeName } from './properties.js';

/** Pipelines by object type (`data/pipelines.json`; stage metadata: a deal's win probability and whether it closes, a ticket's state); the first is the default one. */
const DATA = providerData('hubspot/data/pipelines.json', PIPELINES_JSON, [
  'record',
  [
    'list',
    {
      id: 'string',
      label: 'string',
      stages: [
        'list',
        { id: 'string', label: 'string', metadata: { 'probability?': 'string', isClosed: 'string', 'ticketState?': ['enum', 'OPEN', 'CLOSED'] } },
      ],
    },
  ],
]);
export type Pipeline = (typeof DATA)[string][number];
export const PIPELINES: Partial<Record<ObjectTypeName, Pipeline[]>> = DATA;

/** The pipeline and stage properties of an object type that has pipelines. */
const PIPELINE_PROPERTIES: Partial<Record<ObjectTypeName, { pipeline: string; stage: string }>> = {
  deals: { pipeline: 'pipeline', stage: 'dealstage' },
  tickets: { pipeline: 'hs_pipeline', stage: 'hs_pipeline_stage' },
  leads: { pipeline: 'hs_pipeline', stage: 'hs_pipeline_stage' },
};

/** How HubSpot names a stage of each object type in its messages. */
const STAGE_NOUN: Partial<Record<ObjectTypeName, string>> = { deals: 'deal stage', tickets: 'ticket status', leads: 'lead stage' };

/**
 * What a write of pipeline and stage leaves: the properties to store (the pipeline filled in with the current or
 * default one, and a deal's derived stage properties), or the message HubSpot refuses the write with.
 */
export function withPipeline(
  objectType: ObjectTypeName,
  written: Record<string, string>,
  current: Record<string, string> | undefined,
): { properties: Record<string, string> } | { error: string; property: string } {
  const pipelines = PIPELINES[objectType];
  const names = PIPELINE_PROPERTIES[objectType];
  if (!pipelines || !names || !(names.pipeline in written || names.stage in written)) return { properties: written };
  const pipelineId = written[names.pipeline] || current?.[names.pipeline] || pipelines[0]?.id;
  const pipeline = pipelines.find((p) => p.id === pipelineId);
  if (!pipeline) return { error: `${pipelineId} is not a valid pipeline ID`, property: names.pipeline };
  const stageId = written[names.stage] ?? current?.[names.stage];
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (stageId !== undefined && stageId !== '' && !stage) {
    return { error: `${stageId} is not a valid ${STAGE_NOUN[objectType] ?? 'stage'} for pipeline ${pipeline.id}`, property: names.stage };
  }
  const properties = { ...written, [names.pipeline]: pipeline.id };
  if (objectType === 'deals' && stage) {
    const probability = Number(stage.metadata.probability ?? '0');
    properties['hs_deal_stage_probability'] = String(probability);
    properties['hs_is_closed'] = stage.metadata.isClosed;
    properties['hs_is_closed_won'] = String(stage.metadata.isClosed === 'true' && probability === 1);
  }
  return { properties };
}
