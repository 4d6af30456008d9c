// Tar for the Engine API, through tar-stream: pack a build context.
import tarStream from 'tar-stream';

export interface TarFile {
  path: string;
  data: Buffer;
}

/** An archive of regular files (mode 0644, time 0: the same files give the same bytes). */
export async function packTar(files: TarFile[]): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const file of files) pack.entry({ name: file.path, size: file.data.length, mode: 0o644, mtime: new Date(0) }, file.data);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
