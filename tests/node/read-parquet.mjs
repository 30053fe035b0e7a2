// Reads Parquet files with hyparquet (an independent JavaScript implementation) and prints, for each file, one
// JSON line {"file", "meta": {rows, row_groups, codecs, schema}} and then one JSON line {"file", "row"} per row.
// Used by MidTrain's .NET tests to check exported shards with a reader MidTrain did not write.
//   node read-parquet.mjs FILE.parquet...
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

// 64-bit integers: numbers while exact in a double, else decimal strings (JSON has no 64-bit integers in JavaScript).
const plain = (key, value) => (typeof value === 'bigint' ? (value >= -(2n ** 53n) && value <= 2n ** 53n ? Number(value) : value.toString()) : value)

function describe(node) {
  const { element, children } = node
  return {
    name: element.name,
    repetition: element.repetition_type,
    type: element.type,
    converted: element.converted_type,
    logical: element.logical_type?.type,
    children: children.map(describe),
  }
}

for (const path of process.argv.slice(2)) {
  const file = await asyncBufferFromFile(path)
  const metadata = await parquetMetadataAsync(file)
  const codecs = [...new Set(metadata.row_groups.flatMap(g => g.columns.map(c => c.meta_data.codec)))]
  const meta = {
    rows: Number(metadata.num_rows),
    row_groups: metadata.row_groups.length,
    codecs,
    schema: describe(parquetSchema(metadata)).children,
  }
  process.stdout.write(JSON.stringify({ file: path, meta }, plain) + '\n')
  const rows = await parquetReadObjects({ file, metadata, compressors })
  for (const row of rows) {
    process.stdout.write(JSON.stringify({ file: path, row }, plain) + '\n')
  }
}
