// Just enough of the tar format for the Engine API: pack a build context.

export interface TarFile {
  path: string;
  data: Buffer;
}

const BLOCK = 512;

/** A ustar archive of regular files (mode 0644), ending with the two empty blocks. */
export function packTar(files: TarFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    const header = Buffer.alloc(BLOCK);
    if (Buffer.byteLength(file.path) > 100) throw new Error(`path too long for tar: ${file.path}`);
    header.write(file.path, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(file.data.length.toString(8).padStart(11, '0') + '\0', 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148); // checksum field counts as spaces while summing
    header.write('0', 156);
    header.write('ustar\x0000', 257);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    parts.push(header, file.data, Buffer.alloc((BLOCK - (file.data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
