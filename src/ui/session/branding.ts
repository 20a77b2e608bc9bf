/**
 * The project's branding on the connect page: who is asking (the app's name and logo), its colour on the page's
 * buttons and steps, and its support link.
 */
import type { ProviderCategory } from '../../connectors/index.js';
import { type ProjectBranding, type ProjectLogo, textOn } from '../../projects/branding.js';
import { html, type SafeHtml } from '../html.js';
import type { Translator } from '../i18n/index.js';

/** The logo's URL: a new logo gets a new URL, so a cached old one is never shown. */
export const logoUrl = (projectId: string, logo: ProjectLogo) => `/static/projects/${encodeURIComponent(projectId)}/logo?v=${logo.version}`;

/**
 * What the end user connects: one category ("your CRM", "your accounting software", "your online store"), or
 * several ("your apps"). The sentences that name it are whole messages of the catalogue (languages inflect it).
 */
export type Connected = ProviderCategory | 'several';

/** The category for one category; "several" for several or none known. */
export function whatIsConnected(categories: readonly ProviderCategory[]): Connected {
  const distinct = [...new Set(categories)];
  return distinct.length === 1 ? (distinct[0] as ProviderCategory) : 'several';
}

/** The CSS custom properties of the brand colour (buttons and the step indicator), for a style attribute or rule. */
export function brandStyle(branding: ProjectBranding): string {
  const colour = branding.primaryColor;
  return colour ? `--brand:${colour};--brand-fg:${textOn(colour)}` : '';
}

/** A `<style>` rule setting the brand colour for the whole page, or nothing. */
export function brandRule(branding: ProjectBranding): SafeHtml {
  const style = brandStyle(branding);
  // The colour was checked as #rrggbb when saved and again when read: nothing else can reach the style sheet.
  return style ? html`<style>:root{${style}}</style>` : html``;
}

/** The app's name as the page says it: the project's display name, or "This app". */
export const appName = (branding: ProjectBranding, t: Translator) => branding.displayName ?? t('brand.thisApp');

/** The first screen's header: the app's logo and "<App> wants to connect to your CRM" (`what`: whatIsConnected). */
export function brandHeader(projectId: string, branding: ProjectBranding, what: Connected, t: Translator, tag: 'h1' | 'h3' = 'h1'): SafeHtml {
  const heading = t(`brand.wants.${what}`, { app: appName(branding, t) });
  const logo = branding.logo
    ? html`<img class="app-logo" src="${logoUrl(projectId, branding.logo)}" alt="${branding.displayName ? t('brand.logoAlt', { app: branding.displayName }) : t('brand.appLogoAlt')}">`
    : '';
  return html`<div class="app-head">${logo}${tag === 'h1' ? html`<h1>${heading}</h1>` : html`<h3>${heading}</h3>`}</div>`;
}

/** The page's footer: the developer's support link, and a small "Secured by Weft". */
export function brandFooter(branding: ProjectBranding, t: Translator): SafeHtml {
  const support = branding.supportUrl
    ? html`<a href="${branding.supportUrl}" rel="noopener noreferrer" target="_blank">${t('brand.help', { app: branding.displayName ?? t('brand.theApp') })}<span class="visually-hidden"> ${t('brand.opensInNewWindow')}</span></a> · `
    : '';
  return html`<footer class="muted">${support}${t('brand.secured')}</footer>`;
}
