// Writes hyparquet-snappy.parquet: a corpus file from an independent Parquet writer (hyparquet-writer, snappy).
import { parquetWriteFile } from 'hyparquet-writer'

const rows = 12
const ids = [], texts = [], ns = [], scores = [], created = []
for (let i = 1; i <= rows; i++) {
  ids.push(`js-${i}`)
  texts.push(i === 4 ? null : i === 7 ? '' : `Document ${i}: café naïve — 文字 ${'x'.repeat(i)}`)
  ns.push(i * 10)
  scores.push(i + 0.25)
  created.push(new Date(Date.UTC(2024, 0, i, 8, 30, 0)))
}

parquetWriteFile({
  filename: process.argv[2] ?? 'hyparquet-snappy.parquet',
  codec: 'SNAPPY',
  rowGroupSize: 5,
  columnData: [
    { name: 'id', data: ids, type: 'STRING', nullable: false },
    { name: 'text', data: texts, type: 'STRING' },
    { name: 'n', data: ns, type: 'INT32' },
    { name: 'score', data: scores, type: 'DOUBLE' },
    { name: 'created', data: created, type: 'TIMESTAMP' },
  ],
})
