// A minimal ustar writer for in-memory build contexts: files, directories and symlinks, owned by root, mtime 0
// so the same content always makes the same bytes (and the same cache key).
export type TarEntry =
  | { type: "file"; name: string; data: Buffer; mode?: number }
  | { type: "dir"; name: string; mode?: number }
  | { type: "symlink"; name: string; target: string };

const BLOCK = 512;

export function tar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.type === "file" ? entry.data : Buffer.alloc(0);
    parts.push(header(entry, data.length), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function header(entry: TarEntry, size: number): Buffer {
  const name = entry.type === "dir" && !entry.name.endsWith("/") ? `${entry.name}/` : entry.name;
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: name too long: ${name}`);
  const defaultMode = entry.type === "file" ? 0o644 : 0o755;
  const mode = entry.type === "symlink" ? 0o777 : (entry.mode ?? defaultMode);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, "utf8");
  h.write(octal(mode, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(0, 12), 136);
  h.write(" ".repeat(8), 148);
  h.write({ file: "0", dir: "5", symlink: "2" }[entry.type], 156);
  if (entry.type === "symlink") h.write(entry.target, 157, 100, "utf8");
  h.write("ustar\u000000", 257);
  h.write("root", 265);
  h.write("root", 297);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148);
  return h;
}

const octal = (n: number, width: number) => `${n.toString(8).padStart(width - 1, "0")}\u0000`;
