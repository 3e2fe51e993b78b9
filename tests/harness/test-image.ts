import { execFile } from 'node:child_process'
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'

import type Docker from 'dockerode'

import { testLabel } from './labels'

/** The one image the tests run: Debian's static busybox, imported, never pulled. */
export const testImage = 'berth-test/busybox:latest'

const busyboxSource = '/bin/busybox'
const applets =
  'sh echo sleep cat ls yes seq stty env id printf head tail wc true false top ps vi'.split(' ')

/** Imports the test image into the engine unless it is already there. */
export async function ensureBusyboxImage(docker: Docker): Promise<void> {
  try {
    await docker.getImage(testImage).inspect()
    return
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error
  }

  const tar = await busyboxRootfsTar()
  const [repo, tag] = testImage.split(':') as [string, string]
  const progress = await docker.importImage(Readable.from([tar]), {
    repo,
    tag,
    changes: ['CMD ["/bin/sh"]', 'ENV PATH=/bin', `LABEL ${testLabel}=1`],
  })
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(progress, (error: Error | null, output: unknown[]) => {
      const failure = output?.find((line) => (line as { error?: string }).error) as
        { error: string } | undefined
      if (error) reject(error)
      else if (failure) reject(new Error(`Importing ${testImage} failed: ${failure.error}`))
      else resolve()
    })
  })
}

/** A root filesystem of one static busybox and its applet links, as a tar. */
async function busyboxRootfsTar(): Promise<Buffer> {
  await assertStaticBusybox()
  const root = await mkdtemp(join(tmpdir(), 'berth-rootfs-'))
  try {
    await mkdir(join(root, 'bin'))
    await mkdir(join(root, 'tmp'))
    await chmod(join(root, 'tmp'), 0o1777)
    await copyFile(busyboxSource, join(root, 'bin', 'busybox'))
    for (const applet of applets) await symlink('busybox', join(root, 'bin', applet))

    const { stdout } = await promisify(execFile)(
      'tar',
      ['--create', '--numeric-owner', '--owner=0', '--group=0', '-C', root, 'bin', 'tmp'],
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
    )
    return stdout
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

/**
 * The image has no libraries, so its busybox must be the static build; a
 * dynamic one would only fail later, as a container that cannot start.
 */
async function assertStaticBusybox(): Promise<void> {
  const install = "install Debian's busybox-static (apt-get install busybox-static)"
  let elf: Buffer
  try {
    elf = await readFile(busyboxSource)
  } catch {
    throw new Error(`The test image needs ${busyboxSource}: ${install}.`)
  }
  // An ELF program header of type PT_INTERP (3) names a dynamic loader.
  const headers = Number(elf.readBigUInt64LE(0x20))
  const size = elf.readUInt16LE(0x36)
  const count = elf.readUInt16LE(0x38)
  for (let i = 0; i < count; i++) {
    if (elf.readUInt32LE(headers + i * size) === 3) {
      throw new Error(`${busyboxSource} is dynamically linked; ${install}.`)
    }
  }
}
