/**
 * The frame of every screen of the connect journey: the project's colour, a step indicator ("Step 2 of 4: Sign in"),
 * Back and Exit, the screen's card, and the footer with the developer's support link. A journey that bypasses the
 * UI (the developer's own page around it) gets the card alone.
 */
import type { FastifyReply } from 'fastify';

import { NO_BRANDING, type ProjectBranding, projectBranding } from '../../projects/branding.js';
import type { Services } from '../../services.js';
import { type JourneyStep, journeySteps } from '../../sessions/journey.js';
import type { Session } from '../../sessions/sessions.js';
import { html, page, type SafeHtml } from '../html.js';
import { type Translator, translatorFor } from '../i18n/index.js';
import { brandFooter, brandRule } from './branding.js';
import { EMBEDDED_SCRIPT_PATH, pageOfProject } from './embedding.js';

/** A screen of the journey: choosing the app, signing in, a selection step, the end. */
export type StepId = 'choose' | 'sign-in' | JourneyStep | 'done';

const label = (t: Translator, step: StepId) => t(`step.${step}`);

/** The screens this session's journey has, in order (no choice of app when the developer named the provider). */
export function journeyScreens(session: Session): StepId[] {
  return [...(session.options.provider ? [] : (['choose'] as const)), 'sign-in', ...journeySteps(session), 'done'];
}

const q = (session: Session) => `session_id=${encodeURIComponent(session.id)}`;

/** Where Back goes from a screen: the screen before it, or nowhere (the first screen, the end). */
export function backFrom(session: Session, step: StepId): string | null {
  if (step === 'choose' || step === 'done') return null;
  const screens = journeyScreens(session);
  const before = screens[screens.indexOf(step) - 1];
  if (before === undefined) return null;
  if (before === 'choose') return `/session?${q(session)}`;
  // Signing in again is started from the choice of app (or, with the provider named, the session link itself).
  if (before === 'sign-in') return session.options.provider ? null : `/session?${q(session)}`;
  return `/session/${before}?${q(session)}`;
}

/** The path that ends the journey without connecting (to `redirect_url` with an error, or a page saying so). */
export const exitPath = (session: Session) => `/session/exit?${q(session)}`;

function stepIndicator(session: Session, step: StepId, t: Translator): SafeHtml {
  const screens = journeyScreens(session);
  const at = screens.indexOf(step);
  return html`<nav class="journey" aria-label="${t('frame.progress')}">
  <p class="step-count">${t.html('frame.stepCount', { current: at + 1, total: screens.length, step: html`<strong>${label(t, step)}</strong>` })}</p>
  <ol class="steps">${screens.map(
    (s, i) =>
      html`<li class="${i < at ? 'past' : i === at ? 'now' : 'next'}"${i === at ? html` aria-current="step"` : ''}><span class="visually-hidden">${i < at ? t('frame.stepDone', { step: label(t, s) }) : label(t, s)}</span></li>`,
  )}</ol>
</nav>`;
}

export interface JourneyScreen {
  title: string;
  body: SafeHtml;
  step: StepId;
  /** Overrides where Back goes (null: no Back). */
  back?: string | null;
  status?: number;
  head?: SafeHtml;
  /** The branding, when the caller has it already. */
  branding?: ProjectBranding;
  /** The words of the Back link, when it says better where it goes ("Choose another app"). */
  backLabel?: string;
  /** The card alone (a screen inside the consent pop-up). */
  bare?: boolean;
  /** How the journey ended, on its last screen: told to an embedding page (`weft:success`, `weft:exit`). */
  outcome?: 'success' | 'exit';
}

/** The HTML of a journey screen, in the translator's language. */
export function journeyHtml(session: Session, branding: ProjectBranding, screen: JourneyScreen, t: Translator): string {
  const bare = session.options.bypass_ui === true || screen.bare === true;
  const back = screen.back === undefined ? backFrom(session, screen.step) : screen.back;
  const bar =
    bare || screen.step === 'done'
      ? ''
      : html`${stepIndicator(session, screen.step, t)}
  <div class="journey-actions">${back ? html`<a href="${back}" class="back">← ${screen.backLabel ?? t('frame.back')}</a>` : html`<span></span>`}<a href="${exitPath(session)}" class="exit">${t('frame.exit')}</a></div>`;
  return page({
    title: screen.title,
    lang: t.locale,
    head: html`${brandRule(branding)}${screen.head ?? ''}`,
    body: html`<main data-weft-session="${session.id}" data-weft-step="${screen.step}" data-weft-provider="${session.configuration?.provider ?? ''}"${
      screen.outcome ? html` data-weft-outcome="${screen.outcome}"` : ''
    } data-weft-origins="${branding.embedOrigins.join(' ')}">${bar}<div class="card">${screen.body}</div>${bare ? '' : brandFooter(branding, t)}</main>
<script src="${EMBEDDED_SCRIPT_PATH}" defer></script>`,
  });
}

/** Sends a journey screen (never cached: it may carry what the end user typed). */
export async function sendJourneyScreen(services: Services, reply: FastifyReply, session: Session, screen: JourneyScreen): Promise<FastifyReply> {
  const branding = screen.branding ?? (await projectBranding(services.database.db, session.projectId)) ?? NO_BRANDING;
  pageOfProject(reply, session.projectId, branding.embedOrigins);
  return reply
    .status(screen.status ?? 200)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(journeyHtml(session, branding, screen, translatorFor(reply.request, session)));
}
