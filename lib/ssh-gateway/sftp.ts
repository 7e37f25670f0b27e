import { quote } from "@/db/stack-starters";

// The `sftp` subsystem (sftp, and scp, which speaks SFTP since OpenSSH 9): OpenSSH's own sftp-server runs in the
// instance's container as the app's user, over the channel, starting in the stack's volume (a static site's files).
export const SFTP_SERVER = "/usr/lib/openssh/sftp-server";

export const sftpUnavailable =
  "This instance's stack does not take sftp or scp uploads: static sites do. Deploy other stacks with git push.";

export const sftpCommand = (volumePath: string) => [
  "/bin/sh",
  "-c",
  `if [ -x ${SFTP_SERVER} ]; then cd ${quote(volumePath)} && exec ${SFTP_SERVER} -d ${quote(volumePath)}; fi; echo ${quote(`berth: ${sftpUnavailable}`)} >&2; exit 1`,
];
