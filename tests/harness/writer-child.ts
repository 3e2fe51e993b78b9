/**
 * A writer in a process of its own, for the crash-safety test: it replaces
 * the file named by its first argument with the text on its standard input,
 * and kills itself with SIGKILL at the step named by BERTH_WRITE_FAULT.
 */
import { writeFileAtomic, type WriteStep } from '../../src-main/mirrors/atomic-write'

const [target] = process.argv.slice(2)
const faultAt = process.env.BERTH_WRITE_FAULT as WriteStep | undefined

const chunks: Buffer[] = []
for await (const chunk of process.stdin) chunks.push(chunk as Buffer)

process.stdout.write('ready\n')
await writeFileAtomic(target!, Buffer.concat(chunks).toString('utf8'), {
  fault: (step) => {
    if (step === faultAt) process.kill(process.pid, 'SIGKILL')
  },
})
process.stdout.write('done\n')
