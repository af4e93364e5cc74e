/** Crash details beyond header and frames: see extract.ts. */
export { extractCrashDetails, type ExtractResult, type ExtractedDetails } from './extract.ts';
export { decodeEsr, type DecodedEsr } from './arm64-esr.ts';
export { decodeX86ErrorCode } from './x86-error-code.ts';
export { decodeTaint, TAINT_LETTERS } from './taint.ts';
export { classifyAddress, findPoison, registerFlags } from './fault-address.ts';
