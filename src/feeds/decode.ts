// Bytes → string for feed documents. Order of evidence: byte-order mark, then the XML declaration,
// then the HTTP Content-Type charset, then UTF-8. Undeclared or mislabelled legacy bytes that are not
// valid UTF-8 are read as windows-1252, which is what readers and browsers do in practice.
import iconv from 'iconv-lite';

/** Byte signatures, longest first so UTF-32LE's BOM (FF FE 00 00) wins over UTF-16LE's (FF FE). */
const SIGNATURES: ReadonlyArray<{ bytes: number[]; encoding: string; bom: boolean }> = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be', bom: true },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le', bom: true },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8', bom: true },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be', bom: true },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le', bom: true },
  // No BOM: recognise "<" (and "<?") in the wide encodings.
  { bytes: [0x00, 0x00, 0x00, 0x3c], encoding: 'utf-32be', bom: false },
  { bytes: [0x3c, 0x00, 0x00, 0x00], encoding: 'utf-32le', bom: false },
  { bytes: [0x00, 0x3c, 0x00, 0x3f], encoding: 'utf-16be', bom: false },
  { bytes: [0x3c, 0x00, 0x3f, 0x00], encoding: 'utf-16le', bom: false },
];

/** Labels that browsers map to windows-1252 (a superset with printable 0x80–0x9F). */
const ALIASES: Readonly<Record<string, string>> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  'latin1': 'windows-1252',
  'latin-1': 'windows-1252',
  'us-ascii': 'windows-1252',
  'ascii': 'windows-1252',
  'cp1252': 'windows-1252',
  'utf8': 'utf-8',
  'unicode': 'utf-16le',
  'utf-16': 'utf-16le',
  'utf-32': 'utf-32le',
};

function sniffSignature(body: Buffer): { encoding: string; bom: boolean } | undefined {
  return SIGNATURES.find(({ bytes }) => bytes.every((byte, i) => body[i] === byte));
}

function normalizeLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const lower = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  const name = ALIASES[lower] ?? lower;
  return iconv.encodingExists(name) ? name : undefined;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  return /charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '')?.[2];
}

function declaredEncoding(body: Buffer): string | undefined {
  // The declaration is ASCII in every ASCII-compatible encoding; only look at the head.
  const head = body.subarray(0, 512).toString('latin1');
  return /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1];
}

const isWide = (encoding: string) => /^utf-(16|32)/.test(encoding);

function isValidUtf8(body: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

/** The encoding the body will be decoded with (an iconv-lite name). */
export function detectEncoding(body: Buffer, contentType?: string): string {
  const signature = sniffSignature(body);
  if (signature) return signature.encoding;
  // A declared or labelled wide encoding without BOM/sniff evidence is wrong: the bytes are ASCII-compatible.
  const declared = [declaredEncoding(body), charsetFromContentType(contentType)]
    .map(normalizeLabel)
    .find((name): name is string => name !== undefined && !isWide(name));
  const encoding = declared ?? 'utf-8';
  if (encoding === 'utf-8' && !isValidUtf8(body)) return 'windows-1252';
  return encoding;
}

export function decodeBody(body: Buffer | string, contentType?: string): string {
  if (typeof body === 'string') return body.replace(/^\uFEFF/, '');
  const text = iconv.decode(body, detectEncoding(body, contentType));
  return text.replace(/^\uFEFF/, '');
}
