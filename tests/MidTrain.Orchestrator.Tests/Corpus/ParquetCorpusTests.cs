using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MidTrain.Core.Records;
using MidTrain.Orchestrator.Corpus;
using MidTrain.Orchestrator.Pipeline;
using MidTrain.Tests;
using Parquet.Schema;

namespace MidTrain.Orchestrator.Tests.Corpus;

public sealed class ParquetCorpusTests
{
    private static Document Doc(SourceRecord record) => (Document)record.Payload!;

    private static async Task<string> WriteMixedAsync(string dir)
    {
        var path = Path.Combine(dir, "mixed.parquet");
        var id = new DataField<long>("id");
        var text = new DataField<string>("text", true);
        var score = new DataField<double>("score");
        var ts = new DateTimeDataField("ts", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros);
        var lang = new DataField<string>("lang", true);
        var tag = new DataField<string>("element");
        var source = new DataField<string>("source");
        var schema = new ParquetSchema(id, text, score, ts, lang, new ListField("tags", tag), new StructField("meta", source));

        Func<Parquet.ParquetRowGroupWriter, Task> Group(long[] ids, string?[] texts) => async group =>
        {
            await group.WriteAsync<long>(id, ids);
            await group.WriteAsync(text, texts!);
            await group.WriteAsync<double>(score, ids.Select(i => i + 0.5).ToArray());
            await group.WriteAsync<DateTime>(ts, ids.Select(i => new DateTime(2024, 5, (int)i, 12, 0, 0, DateTimeKind.Utc)).ToArray());
            await group.WriteAsync(lang, ids.Select(i => i == 3 ? null : "en").ToArray()!);
            await group.WriteAsync(tag, ids.Select(_ => "t").ToArray(), ids.Select(_ => 0).ToArray());
            await group.WriteAsync(source, ids.Select(_ => "web").ToArray());
        };

        // Rows 1–8 in three row groups: row 2 has a null text, row 5 a blank one, row 7 repeats id 1.
        await ParquetTestFiles.WriteAsync(
            path,
            schema,
            Group([1, 2, 3], ["alpha text", null, "gamma text"]),
            Group([4, 5], ["delta text", "   "]),
            Group([6, 1, 8], ["zeta text", "duplicate", "theta text"]));
        return path;
    }

    [Fact]
    public async Task ReadAsync_RowGroupsWithNullsAndExtraColumns_OneRecordPerRowWithMetadataAndRowErrors()
    {
        var dir = TestPaths.NewTempDir();
        var path = await WriteMixedAsync(dir);
        var logger = new ListLogger();
        var reader = new CorpusReader(new CorpusOptions { Path = path }, logger);

        var records = await reader.ReadAsync().ToListAsync();

        records.Should().HaveCount(8, "every row is exactly one record");
        records.Select(r => r.Root.Key).Should().Equal("1", $"@{path}:2", "3", "4", $"@{path}:5", "6", $"@{path}:7", "8");
        records.Select(r => r.Root.Line).Should().Equal(1, 2, 3, 4, 5, 6, 7, 8);
        records[1].Error!.Message.Should().Be($"{path}:row 2: field 'text': missing");
        records[4].Error!.Message.Should().Be($"{path}:row 5: field 'text': empty");
        records[6].Error!.Message.Should().Be($"{path}:row 7: field 'id': duplicate id '1'");
        records.Where(r => r.Error is not null).Should().OnlyContain(r => r.Error!.Kind == "bad_input" && r.Error.Stage == "input");
        JsonDocument.Parse(records[6].Error!.Raw!).RootElement.GetProperty("text").GetString().Should().Be("duplicate");

        var first = Doc(records[0]);
        first.Id.Should().Be("1");
        first.Text.Should().Be("alpha text");
        first.Line.Should().Be(1);
        first.SourceFile.Should().Be(path);
        first.Metadata!.Keys.Should().BeEquivalentTo("score", "ts", "lang");
        first.Metadata["score"].GetDouble().Should().Be(1.5);
        first.Metadata["ts"].GetString().Should().Be("2024-05-01T12:00:00Z");
        first.Metadata["lang"].GetString().Should().Be("en");
        Doc(records[2]).Metadata!["lang"].ValueKind.Should().Be(JsonValueKind.Null);
        Doc(records[7]).Metadata!["ts"].GetString().Should().Be("2024-05-08T12:00:00Z");

        logger.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning)
            .Which.Message.Should().Be($"{path}: skipped columns tags, meta: nested, list, map and binary columns are not read as metadata");
        reader.BytesRead.Should().Be(reader.TotalBytes);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_SameFileTwice_SameKeysInTheSameOrder()
    {
        var dir = TestPaths.NewTempDir();
        var path = await WriteMixedAsync(dir);

        var first = await new CorpusReader(new CorpusOptions { Path = path }).ReadAsync().Select(r => r.Root.Key).ToListAsync();
        var second = await new CorpusReader(new CorpusOptions { Path = path }).ReadAsync().Select(r => r.Root.Key).ToListAsync();

        second.Should().Equal(first, "--resume skips records by these keys");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_NullableStringIds_NullAndEmptyIdsAreBadRowsAndIdsAreUniqueAcrossFiles()
    {
        var dir = TestPaths.NewTempDir();
        var id = new DataField<string>("id", true);
        var text = new DataField<string>("text");
        await ParquetTestFiles.WriteAsync(Path.Combine(dir, "b.parquet"), new ParquetSchema(id, text), async group =>
        {
            await group.WriteAsync(id, new[] { "x", null, "", "from-jsonl" }!);
            await group.WriteAsync(text, new[] { "one", "two", "three", "four" });
        });
        File.WriteAllText(Path.Combine(dir, "a.jsonl"), "{\"id\":\"from-jsonl\",\"text\":\"first\"}\n");

        var records = await new CorpusReader(new CorpusOptions { Path = dir }).ReadAsync().ToListAsync();

        var parquet = Path.Combine(dir, "b.parquet");
        records.Should().HaveCount(5);
        records[1].Root.Key.Should().Be("x");
        records[2].Error!.Message.Should().Be($"{parquet}:row 2: field 'id': missing");
        records[3].Error!.Message.Should().Be($"{parquet}:row 3: field 'id': must be a non-empty string or number");
        records[4].Error!.Message.Should().Be($"{parquet}:row 4: field 'id': duplicate id 'from-jsonl'");
        records[4].Root.Key.Should().Be($"@{parquet}:4");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_MetadataColumnsOfEachPrimitiveType_MapToJsonValues()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "types.parquet");
        var id = new DataField<int>("id");
        var text = new DataField<string>("text");
        var flag = new DataField<bool>("flag");
        var count = new DataField<int?>("count");
        var ratio = new DataField<float>("ratio");
        var price = new DecimalDataField("price", 10, 2);
        var day = new DataField<DateOnly>("day");
        var local = new DataField<DateTime>("local");
        await ParquetTestFiles.WriteAsync(path, new ParquetSchema(id, text, flag, count, ratio, price, day, local), async group =>
        {
            await group.WriteAsync<int>(id, new[] { 7, 8 });
            await group.WriteAsync(text, new[] { "seven", "eight" });
            await group.WriteAsync<bool>(flag, new[] { true, false });
            await group.WriteAsync<int>(count, new int?[] { 3, null }.AsMemory());
            await group.WriteAsync<float>(ratio, new[] { 0.25f, float.NaN });
            await group.WriteAsync<decimal>(price, new[] { 12.34m, 0.5m });
            await group.WriteAsync<DateOnly>(day, new[] { new DateOnly(2024, 2, 29), new DateOnly(1999, 12, 31) });
            await group.WriteAsync<DateTime>(local, new[] { new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Unspecified), new DateTime(2024, 1, 2, 3, 4, 5, 600, DateTimeKind.Unspecified) });
        });

        var docs = await new CorpusReader(new CorpusOptions { Path = path }).ReadAsync().Select(Doc).ToListAsync();

        docs.Select(d => d.Id).Should().Equal("7", "8");
        var (a, b) = (docs[0].Metadata!, docs[1].Metadata!);
        a["flag"].GetBoolean().Should().BeTrue();
        b["flag"].GetBoolean().Should().BeFalse();
        a["count"].GetInt32().Should().Be(3);
        b["count"].ValueKind.Should().Be(JsonValueKind.Null);
        a["ratio"].GetDouble().Should().Be(0.25);
        b["ratio"].GetString().Should().Be("NaN");
        a["price"].GetDecimal().Should().Be(12.34m);
        a["day"].GetString().Should().Be("2024-02-29");
        b["day"].GetString().Should().Be("1999-12-31");
        a["local"].GetString().Should().Be("2024-01-02T03:04:05");
        b["local"].GetString().Should().Be("2024-01-02T03:04:05.6");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_CustomColumnNamesWithBinaryText_DecodesUtf8AndReportsInvalidBytes()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "binary.parquet");
        var id = new DataField<ulong>("doc_id");
        var content = new DataField<byte[]>("content");
        await ParquetTestFiles.WriteAsync(path, new ParquetSchema(id, content), async group =>
        {
            await group.WriteAsync<ulong>(id, new ulong[] { 1, ulong.MaxValue });
            await group.WriteAsync(content, new[] { Encoding.UTF8.GetBytes("héllo"), new byte[] { 0x68, 0xFF } });
        });

        var records = await new CorpusReader(new CorpusOptions { Path = path, IdField = "doc_id", TextField = "content" }).ReadAsync().ToListAsync();

        records.Should().HaveCount(2);
        Doc(records[0]).Text.Should().Be("héllo");
        Doc(records[0]).Metadata.Should().BeNull();
        records[1].Error!.Message.Should().Be($"{path}:row 2: field 'content': invalid UTF-8");
        JsonDocument.Parse(records[1].Error!.Raw!).RootElement.GetProperty("doc_id").GetString().Should().Be("18446744073709551615");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_TextOverMaxRecordBytes_IsABadRow()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "big.parquet");
        await ParquetTestFiles.WriteSimpleAsync(path, ("big", new string('z', 2000)), ("small", "ok"));

        var records = await new CorpusReader(new CorpusOptions { Path = path, MaxRecordBytes = 1000 }).ReadAsync().ToListAsync();

        records[0].Error!.Message.Should().Be($"{path}:row 1: field 'text': 2,000 bytes, over the limit of 1,000 bytes (input.max_record_bytes)");
        Doc(records[1]).Id.Should().Be("small");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_FileWithoutTextColumn_OneBadInputRecordListingTheColumns()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "notext.parquet");
        var id = new DataField<string>("id");
        var body = new DataField<string>("body");
        await ParquetTestFiles.WriteAsync(path, new ParquetSchema(id, body), async group =>
        {
            await group.WriteAsync(id, new[] { "a", "b" });
            await group.WriteAsync(body, new[] { "x", "y" });
        });
        var reader = new CorpusReader(new CorpusOptions { Path = path });

        var records = await reader.ReadAsync().ToListAsync();

        var record = records.Should().ContainSingle().Subject;
        record.Error!.Message.Should().Be($"{path}: no column 'text' (columns: id, body)");
        record.Root.Key.Should().Be($"@{path}:0");
        reader.BytesRead.Should().Be(reader.TotalBytes);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_IdColumnOfUnsupportedType_OneBadInputRecordNamingTheType()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "doubleid.parquet");
        var id = new DataField<double>("id");
        var text = new DataField<string>("text");
        await ParquetTestFiles.WriteAsync(path, new ParquetSchema(id, text), async group =>
        {
            await group.WriteAsync<double>(id, new[] { 1.5 });
            await group.WriteAsync(text, new[] { "x" });
        });

        var records = await new CorpusReader(new CorpusOptions { Path = path }).ReadAsync().ToListAsync();

        records.Should().ContainSingle().Which.Error!.Message.Should().Be($"{path}: column 'id' holds Double values; the id must be a string or integer column");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_GarbageAndTruncatedParquetAmongGoodFiles_OneBadInputRecordEachAndTheOtherFilesAreRead()
    {
        var dir = TestPaths.NewTempDir();
        await ParquetTestFiles.WriteSimpleAsync(Path.Combine(dir, "a-good.parquet"), ("a1", "first"), ("a2", "second"));
        File.WriteAllText(Path.Combine(dir, "b-garbage.parquet"), "this is not a parquet file, only words");
        var whole = Path.Combine(dir, "whole.tmp");
        await ParquetTestFiles.WriteSimpleAsync(whole, ("c1", "cut"), ("c2", "cut"));
        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(Path.Combine(dir, "c-truncated.parquet"), bytes[..(bytes.Length - 20)]);
        File.WriteAllBytes(Path.Combine(dir, "d-empty.parquet"), []);
        await ParquetTestFiles.WriteSimpleAsync(Path.Combine(dir, "e-good.parquet"), ("e1", "last"));
        var reader = new CorpusReader(new CorpusOptions { Path = dir });

        var records = await reader.ReadAsync().ToListAsync();

        records.Select(r => r.Error is null ? r.Root.Key : r.Root.Key[(dir.Length + 2)..]).Should().Equal("a1", "a2", "b-garbage.parquet:0", "c-truncated.parquet:0", "d-empty.parquet:0", "e1");
        records[2].Error!.Message.Should().StartWith($"{Path.Combine(dir, "b-garbage.parquet")}: not a Parquet file: ");
        records[3].Error!.Message.Should().StartWith($"{Path.Combine(dir, "c-truncated.parquet")}: not a Parquet file: ");
        records[4].Error!.Message.Should().StartWith($"{Path.Combine(dir, "d-empty.parquet")}: not a Parquet file: ");
        reader.BytesRead.Should().Be(reader.TotalBytes);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_CancelledAfterTheFirstRow_ThrowsInsteadOfReadingOn()
    {
        var dir = TestPaths.NewTempDir();
        var path = await WriteMixedAsync(dir);
        using var cts = new CancellationTokenSource();
        var read = new List<string>();

        var act = async () =>
        {
            await foreach (var record in new CorpusReader(new CorpusOptions { Path = path }).ReadAsync(cts.Token))
            {
                read.Add(record.Root.Key);
                await cts.CancelAsync();
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
        read.Should().Equal("1");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_FileReadWithACancelledToken_ThrowsRatherThanReportingABadFile()
    {
        var dir = TestPaths.NewTempDir();
        var path = await WriteMixedAsync(dir);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var file = new ParquetCorpusFile(path, new CorpusOptions { Path = path }, _ => true, _ => { }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var act = async () => await file.ReadAsync(cancelled.Token).ToListAsync();

        // Cancellation is never turned into data: no "not a Parquet file" or "row group unreadable" record.
        await act.Should().ThrowAsync<OperationCanceledException>();
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_DamagedRowGroup_OneBadRecordForThatGroupAndTheOtherGroupsAreRead()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "damaged.parquet");
        var id = new DataField<string>("id");
        var text = new DataField<string>("text");
        Func<Parquet.ParquetRowGroupWriter, Task> Group(params string[] ids) => async group =>
        {
            await group.WriteAsync(id, ids);
            await group.WriteAsync(text, ids.Select(i => "text of " + i).ToArray());
        };
        await ParquetTestFiles.WriteAsync(path, new ParquetSchema(id, text), Group("a", "b"), Group("c", "d"), Group("e", "f"));
        long start, length;
        await using (var parquet = await Parquet.ParquetReader.CreateAsync(path))
        {
            var chunk = parquet.RowGroups[1].RowGroup.Columns[1].MetaData!;
            (start, length) = (chunk.DictionaryPageOffset ?? chunk.DataPageOffset, chunk.TotalCompressedSize);
        }

        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan((int)start, (int)length).Fill(0xAB);
        File.WriteAllBytes(path, bytes);

        var records = await new CorpusReader(new CorpusOptions { Path = path }).ReadAsync().ToListAsync();

        records.Select(r => r.Root.Key).Should().Equal("a", "b", $"@{path}:3", "e", "f");
        records[2].Error!.Message.Should().StartWith($"{path}:row 3: row group 1 (rows 3–4) is unreadable: ");
        records[3].Root.Line.Should().Be(5);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_FileWithSchemaButNoRows_IsAnEmptyFileRecord()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "norows.parquet");
        await ParquetTestFiles.WriteAsync(path, new ParquetSchema(new DataField<string>("id"), new DataField<string>("text")));

        var records = await new CorpusReader(new CorpusOptions { Path = path }).ReadAsync().ToListAsync();

        records.Should().ContainSingle().Which.Error!.Message.Should().Be($"{path}: empty file (no records)");
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ReadAsync_SnappyFileFromAnIndependentWriter_EveryRowOnceWithMetadata()
    {
        // Written by hyparquet-writer (JavaScript), not Parquet.Net: see Fixtures/README.md.
        var path = Path.Combine(TestPaths.RepoRoot, "tests", "MidTrain.Orchestrator.Tests", "Corpus", "Fixtures", "hyparquet-snappy.parquet");

        var records = await new CorpusReader(new CorpusOptions { Path = path }).ReadAsync().ToListAsync();

        records.Should().HaveCount(12);
        records.Select(r => r.Root.Line).Should().Equal(Enumerable.Range(1, 12).Select(i => (long)i));
        records[3].Error!.Message.Should().Be($"{path}:row 4: field 'text': missing");
        records[6].Error!.Message.Should().Be($"{path}:row 7: field 'text': empty");
        var docs = records.Where(r => r.Error is null).Select(Doc).ToList();
        docs.Select(d => d.Id).Should().Equal("js-1", "js-2", "js-3", "js-5", "js-6", "js-8", "js-9", "js-10", "js-11", "js-12");
        docs[0].Text.Should().Be("Document 1: café naïve — 文字 x");
        docs[^1].Metadata!["n"].GetInt32().Should().Be(120);
        docs[^1].Metadata!["score"].GetDouble().Should().Be(12.25);
        docs[^1].Metadata!["created"].GetString().Should().Be("2024-01-12T08:30:00Z");
    }
}
