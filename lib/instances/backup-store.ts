import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { PassThrough, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Backup } from "@/db/schema";
import { env } from "@/lib/env";

export type Storage = "local" | "s3";
export type Stored = { storage: Storage; path: string; sizeBytes: number; sha256: string };

let client: S3Client | undefined;
function s3(): S3Client {
  // Checksums only where S3 requires them: the archive's own SHA-256 is what Berth checks.
  client ??= new S3Client({
    endpoint: env.BACKUP_S3_ENDPOINT,
    region: env.BACKUP_S3_REGION,
    forcePathStyle: env.BACKUP_S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: env.BACKUP_S3_ACCESS_KEY_ID!, secretAccessKey: env.BACKUP_S3_SECRET_ACCESS_KEY! },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return client;
}

// New backups go to object storage when it is configured, else to BACKUP_DIR; each is read back from where it went.
export const newBackupStorage = (): Storage => (env.BACKUP_S3_BUCKET ? "s3" : "local");

// Counts and hashes what flows through, so the archive is never held in memory.
function measured() {
  const hash = createHash("sha256");
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ sizeBytes: size, sha256: hash.digest("hex") }) };
}

// Writes the archive under `key`; writing the same key again replaces it, so a retried job leaves one object.
export async function storeArchive(key: string, archive: NodeJS.ReadableStream): Promise<Stored> {
  const storage = newBackupStorage();
  const meter = measured();
  if (storage === "local") {
    const file = path.resolve(env.BACKUP_DIR, key);
    await mkdir(path.dirname(file), { recursive: true });
    await pipeline(archive, meter.stream, createWriteStream(file));
  } else {
    const body = new PassThrough();
    // The upload sends 5 MB parts as they fill (a single PUT when the archive is smaller).
    const upload = new Upload({
      client: s3(),
      params: { Bucket: env.BACKUP_S3_BUCKET!, Key: key, Body: body, ContentType: "application/x-tar" },
    });
    const uploaded = upload.done().catch((error: Error) => {
      body.destroy(error);
      throw error;
    });
    await Promise.all([pipeline(archive, meter.stream, body), uploaded]);
  }
  return { storage, path: key, ...meter.result() };
}

// The archive as stored, streamed.
export async function readArchive(b: Pick<Backup, "storage" | "path">): Promise<Readable> {
  if (b.storage === "local") return createReadStream(path.resolve(env.BACKUP_DIR, b.path!));
  const object = await s3().send(new GetObjectCommand({ Bucket: env.BACKUP_S3_BUCKET!, Key: b.path! }));
  return object.Body as Readable;
}

// Reads the stored archive through and compares it with the checksum taken when it was written.
export async function verifyArchive(b: Pick<Backup, "storage" | "path" | "sha256">): Promise<string | null> {
  if (!b.sha256) return null;
  const hash = createHash("sha256");
  for await (const chunk of await readArchive(b)) hash.update(chunk as Buffer);
  const actual = hash.digest("hex");
  return actual === b.sha256
    ? null
    : `The backup's archive does not match its checksum (stored ${b.sha256.slice(0, 12)}…, read ${actual.slice(0, 12)}…): it was damaged in storage.`;
}

export async function deleteArchive(b: Pick<Backup, "storage" | "path">) {
  if (!b.path) return;
  if (b.storage === "local") await rm(path.resolve(env.BACKUP_DIR, b.path), { force: true });
  else await s3().send(new DeleteObjectCommand({ Bucket: env.BACKUP_S3_BUCKET!, Key: b.path }));
}
