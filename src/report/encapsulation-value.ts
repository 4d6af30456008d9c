// How an undecoded encapsulation's number is written: EtherTypes and PPP protocols in hex as in their
// registries (0x8847), IP protocols and UDP ports in decimal (50, 6081).
import type { NotDecodedReport } from '../analyse/report-model.js';

export function encapsulationValue(e: NotDecodedReport): string {
  return e.field === 'ethertype' || e.field === 'ppp-protocol' ? `0x${e.value.toString(16).padStart(4, '0')}` : String(e.value);
}
