/** The share link's payload: the log, deflated, in base64url (fits a URL fragment, never sent to a server). */
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';

const CHUNK = 0x8000;

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function encodeLog(text: string): string {
  return toBase64Url(deflateSync(strToU8(text), { level: 9 }));
}

/** null when the fragment is not a log we wrote (truncated, hand-edited) or inflates beyond maxBytes (a zip bomb). */
export function decodeLog(fragment: string, maxBytes: number): string | null {
  try {
    const parts: Uint8Array[] = [];
    let size = 0;
    const inflate = new Inflate((chunk) => {
      size += chunk.length;
      if (size > maxBytes) throw new RangeError('too large');
      parts.push(chunk);
    });
    inflate.push(fromBase64Url(fragment.trim()), true);
    const all = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return strFromU8(all);
  } catch {
    return null;
  }
}
