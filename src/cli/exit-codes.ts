// The exit codes of `lab`, documented in the README. Only the CLI maps errors to them.
import type { LabErrorCode } from '../errors.js';

export const EXIT = {
  ok: 0,
  failed: 1, // the experiment or the command failed (the message says why)
  usage: 2, // bad command line or lab.yaml
  docker: 3, // Docker engine unreachable, image build failed, engine error
  capture: 4, // the capture file cannot be read at all
  interrupted: 130, // Ctrl-C or SIGTERM; everything created was removed
} as const;

export function exitCodeFor(code: LabErrorCode): number {
  switch (code) {
    case 'CONFIG':
    case 'USAGE':
      return EXIT.usage;
    case 'DOCKER_UNREACHABLE':
    case 'DOCKER':
    case 'BASE_IMAGE_MISSING':
    case 'IMAGE_BUILD':
      return EXIT.docker;
    case 'CAPTURE_FORMAT':
      return EXIT.capture;
    case 'INTERRUPTED':
      return EXIT.interrupted;
    default:
      return EXIT.failed;
  }
}
