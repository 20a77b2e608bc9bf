/**
 * The project's branding on the connect page: who is asking (the app's name and logo), its colour on the page's
 * buttons and steps, and its support link.
 */
import type { ProviderCategory } from '../../connectors/index.js';
import { type ProjectBranding, type ProjectLogo, textOn } from '../../projects/branding.js';
import { html, type SafeHtml } from '../html.js';

/** The logo's URL: a new logo gets a new URL, so a cached old one is never shown. */
export const logoUrl = (projectId: string, logo: ProjectLogo) => `/static/projects/${encodeURIComponent(projectId)}/logo?v=${logo.version}`;

/** What the end user connects, in words: "your CRM", "your accounting software", "your online store". */
const WHAT: Record<ProviderCategory, string> = {
  CRM: 'your CRM',
  Accounting: 'your accounting software',
  Ecommerce: 'your online store',
};

/** "your CRM" for one category; "your apps" for several or none known. */
export function whatIsConnected(categories: readonly ProviderCategory[]): string {
  const distinct = [...new Set(categories)];
  return distinct.length === 1 ? WHAT[distinct[0] as ProviderCategory] : 'your apps';
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
export const appName = (branding: ProjectBranding) => branding.displayName ?? 'This app';

/** The first screen's header: the app's logo and "<App> wants to connect to your CRM" (`what`: whatIsConnected). */
export function brandHeader(projectId: string, branding: ProjectBranding, what: string, tag: 'h1' | 'h3' = 'h1'): SafeHtml {
  const heading = `${appName(branding)} wants to connect to ${what}`;
  const logo = branding.logo
    ? html`<img class="app-logo" src="${logoUrl(projectId, branding.logo)}" alt="${branding.displayName ? `${branding.displayName} logo` : 'App logo'}">`
    : '';
  return html`<div class="app-head">${logo}${tag === 'h1' ? html`<h1>${heading}</h1>` : html`<h3>${heading}</h3>`}</div>`;
}

/** The page's footer: the developer's support link, and a small "Secured by Weft". */
export function brandFooter(branding: ProjectBranding): SafeHtml {
  const support = branding.supportUrl
    ? html`<a href="${branding.supportUrl}" rel="noopener noreferrer" target="_blank">Help from ${appName(branding) === 'This app' ? 'the app' : appName(branding)}<span class="visually-hidden"> (opens in a new window)</span></a> · `
    : '';
  return html`<footer class="muted">${support}Secured by Weft</footer>`;
}
