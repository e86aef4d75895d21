// Feed dates → ISO instants. RFC 822 and ISO 8601 cover most feeds; the rest are a known set of
// habits (named US zones, missing zones, two-digit years) and, last, chrono-node's casual parsing.
import * as chrono from 'chrono-node';

/** Zone abbreviations JavaScript's Date does not know, as UTC offsets. */
const ZONES: Readonly<Record<string, string>> = {
  UT: '+0000', Z: '+0000', BST: '+0100', CET: '+0100', CEST: '+0200', EET: '+0200', EEST: '+0300',
  IST: '+0530', JST: '+0900', KST: '+0900', AEST: '+1000', AEDT: '+1100',
  AT: '-0400', ET: '-0500', CT: '-0600', MT: '-0700', PT: '-0800',
};

const plausible = (time: number) => Number.isFinite(time) && time > Date.UTC(1970, 0, 1) && time < Date.UTC(2200, 0, 1);

function toIso(time: number): string | undefined {
  return plausible(time) ? new Date(time).toISOString() : undefined;
}

function rewriteZone(value: string): string {
  return value.replace(/\b([A-Z]{1,4})$/, (zone) => ZONES[zone] ?? zone).replace(/\bEtc\/GMT\b/, 'GMT');
}

/** chrono-node reads relative words ("Friday") too, so only strings that carry a year are offered. */
function casual(text: string): string | undefined {
  if (!/\b(1[89]|2[01])\d\d\b/.test(text)) return undefined;
  return toIso(chrono.parseDate(text, { instant: new Date(0), timezone: 'UTC' })?.getTime() ?? NaN);
}

export function parseFeedDate(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  return (
    toIso(Date.parse(text)) ??
    toIso(Date.parse(rewriteZone(text))) ??
    casual(text)
  );
}
