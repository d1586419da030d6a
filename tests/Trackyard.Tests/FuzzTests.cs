using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Trackyard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Trackyard.Tests;

/// <summary>
/// Seeded, deterministic fuzzing of everything that reads what a server sends: the JSON parsers, the error-body
/// reader, Content-Disposition, Retry-After and the rate-limit headers, and the whole client from status to
/// exception. Only <see cref="TrackyardApiException"/> may come out; the readers documented as never throwing
/// must not throw at all. Each target reports its counts on the test output.
/// </summary>
public class FuzzTests
{
    private const int CasesPerTarget = 5000;

    private const string Usage = """
        {"usage":[{"timestamp":"2026-11-26T16:04:22.064Z","endpoint":"/search","status_code":200,"credits_consumed":1,"response_time_ms":42},
                  {"timestamp":"2026-11-26T16:04:21.000Z","endpoint":"/me","status_code":401,"credits_consumed":0,"response_time_ms":3.5}],
         "total_count":2,"offset":0,"limit":50}
        """;

    private static readonly string[] SuccessSeeds =
    {
        "{\"tracks\":[" + Responses.FullTrack + "," + Responses.FullTrack + "],\"credits_remaining\":299}",
        Responses.SearchBody(3),
        Responses.Account,
        Usage,
    };

    private static readonly string[] ErrorSeeds =
    {
        "{\"error\": \"Unauthorized\", \"message\": \"Invalid API key\"}",
        "{\"error\": \"hit_point_seconds requires duration_seconds\", \"code\": \"invalid_parameters\"}",
        "{\"error\": \"Invalid API key\", \"code\": \"unauthorized\"}",
        "{\"error\":\"Too Many Requests\",\"message\":\"Rate limit exceeded\",\"code\":\"rate_limited\",\"request_id\":\"req_0123456789abcdef\",\"retry_after\":7}",
    };

    /// <summary>Values of another type, extremes and malformed tokens, put in place of any value of a valid document.</summary>
    private static readonly string[] HostileValues =
    {
        "\"fast\"", "\"lots\"", "{}", "[]", "null", "true", "false", "0", "-1", "1.5", "-0", "1e400", "-1e400", "1e-400",
        "99999999999999999999999999999", "9223372036854775808", "-9223372036854775809", "1.7976931348623157e308",
        "\"2026-13-45T99:99:99Z\"", "\"not a date\"", "\"\\uD800\"", "\"\\u0000\\u001b[31m\"", "[null]", "[1,2,3]", "[{}]",
        "{\"a\":{\"b\":{}}}", "NaN", "Infinity", "'single'", "\"unterminated", "tru", "nul", "01", "+1", ".5", "1.", "0x10",
    };

    private static readonly byte[] InterestingBytes = Encoding.ASCII.GetBytes("{}[]\",:\\0-e.tn")
        .Concat(new byte[] { 0x00, 0x0A, 0x1B, 0x7F, 0x80, 0xC0, 0xC3, 0xE2, 0xEF, 0xBB, 0xBF, 0xF0, 0xFE, 0xFF })
        .ToArray();

    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Search_parser_gives_only_typed_failures() =>
        RunParser("SearchEndpoint.Parse", 101, rng => MutatedJson(rng, SuccessSeeds), body => SearchEndpoint.Parse(body, "q"));

    [Fact]
    public void Account_parser_gives_only_typed_failures() =>
        RunParser("AccountEndpoint.Parse", 102, rng => MutatedJson(rng, SuccessSeeds), body => AccountEndpoint.Parse(body));

    [Fact]
    public void Usage_parser_gives_only_typed_failures() =>
        RunParser("UsageEndpoint.Parse", 103, rng => MutatedJson(rng, SuccessSeeds), body => UsageEndpoint.Parse(body));

    [Fact]
    public void Random_bytes_give_only_typed_failures() =>
        RunParser("random bytes → ParseSearch/ParseAccount/ParseUsage in turn", 104, RandomBytes, body =>
        {
            switch (body.Length % 3)
            {
                case 0:
                    SearchEndpoint.Parse(body, "q");
                    break;
                case 1:
                    AccountEndpoint.Parse(body);
                    break;
                default:
                    UsageEndpoint.Parse(body);
                    break;
            }
        });

    [Fact]
    public void Error_body_reader_never_throws() =>
        RunNeverThrows("ErrorBody.Parse", 105, rng => rng.Next(4) == 0 ? RandomBytes(rng) : MutatedJson(rng, ErrorSeeds), body =>
        {
            var parsed = ErrorBody.Parse(body, TestClient.Wire);
            foreach (var text in new[] { parsed.Error, parsed.Message, parsed.Code, parsed.RequestId })
            {
                Assert.True(text is null || (text.Length <= 1001 && !text.Any(char.IsControl)), "error-body text is cleaned and bounded");
            }
        });

    [Fact]
    public void Content_disposition_and_safe_file_name_never_throw() =>
        RunNeverThrows("ContentDispositionFileName.Parse + SafeFileName.From", 106, rng => Encoding.UTF8.GetBytes(RandomDisposition(rng)), bytes =>
        {
            var name = SafeFileName.From(ContentDispositionFileName.Parse(Encoding.UTF8.GetString(bytes)), "trk_fuzz");
            Assert.False(string.IsNullOrWhiteSpace(name));
            Assert.DoesNotContain('/', name);
            Assert.DoesNotContain('\\', name);
            Assert.NotEqual("..", name);
        });

    [Fact]
    public void Retry_after_and_rate_limit_headers_never_throw()
    {
        var now = new DateTimeOffset(2026, 11, 26, 16, 0, 0, TimeSpan.Zero);
        RunNeverThrows("RetryAfter.Parse + RateLimitHeaders.Read", 107, rng => Encoding.UTF8.GetBytes(RandomHeaderValue(rng)), bytes =>
        {
            var value = Encoding.UTF8.GetString(bytes);
            var wait = RetryAfter.Parse(value, now);
            Assert.True(wait is null || (wait >= TimeSpan.Zero && wait <= RetryAfter.Longest));
            using var response = new HttpResponseMessage();
            foreach (var name in new[] { "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-Credits-Remaining", "RateLimit-Reset", "X-Request-Id" })
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            RateLimitHeaders.Read(response.Headers, now);
            RetryAfter.FromHeaders(response.Headers, now);
            RateLimitHeaders.RequestId(response.Headers);
        });
    }

    [Fact]
    public async Task Client_turns_any_answer_into_a_result_or_a_typed_failure()
    {
        var rng = new Random(108);
        int succeeded = 0, typed = 0;
        var kinds = new Dictionary<TrackyardFailureKind, int>();
        var failures = new List<string>();
        for (var i = 0; i < CasesPerTarget; i++)
        {
            var status = Pick(rng, new[] { 200, 200, 200, 201, 204, 301, 302, 303, 307, 308, 400, 401, 402, 403, 404, 408, 418, 429, 500, 502, 503, 504 });
            var body = rng.Next(5) == 0 ? RandomBytes(rng) : MutatedJson(rng, status < 300 ? SuccessSeeds : ErrorSeeds);
            var contentType = Pick(rng, new[] { "application/json", "text/html", "audio/mpeg", "application/json; charset=utf-16", "", "garbage/", "x" });
            var headers = new List<(string, string)>
            {
                ("Retry-After", RandomHeaderValue(rng)),
                ("X-Request-Id", RandomHeaderValue(rng)),
                ("X-RateLimit-Remaining", RandomHeaderValue(rng)),
                ("Location", RandomLocation(rng)),
            };
            var target = rng.Next(4);
            var handler = new StubHandler().Respond(() =>
            {
                var response = Responses.Bytes(status, body, contentType);
                foreach (var (name, value) in headers)
                {
                    response.Headers.TryAddWithoutValidation(name, value);
                }

                if (rng.Next(3) == 0)
                {
                    response.Content.Headers.TryAddWithoutValidation("Content-Disposition", RandomDisposition(rng));
                }

                return response;
            });
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 16, 0, 0, TimeSpan.Zero));
            using var client = TestClient.Create(handler, time, limiters: new RateLimiterRegistry(time));
            try
            {
                await CallAsync(client, target);
                succeeded++;
            }
            catch (TrackyardApiException ex)
            {
                typed++;
                kinds[ex.Kind] = kinds.TryGetValue(ex.Kind, out var n) ? n + 1 : 1;
                Assert.DoesNotContain(TestClient.Key, ex.ToString());
                ErrorTable.ToErrorRecord(ex, "target");
            }
            catch (Exception ex)
            {
                failures.Add($"{ex.GetType().Name}: {ex.Message} <- status {status}, target {target}, body {Preview(body)}");
            }
        }

        _output.WriteLine($"TrackyardClient (status + body + headers): {CasesPerTarget} cases, {succeeded} succeeded, {typed} typed failures "
            + $"({string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}), {failures.Count} other exceptions");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    private static async Task CallAsync(TrackyardClient client, int target)
    {
        var call = TestClient.Call();
        switch (target)
        {
            case 0:
                await client.SearchAsync(new SearchRequest { Query = "q" }, call, CancellationToken.None);
                break;
            case 1:
                await client.GetAccountAsync(call, CancellationToken.None);
                break;
            case 2:
                await client.GetUsageAsync(0, 50, call, CancellationToken.None);
                break;
            default:
                await client.DownloadTrackAsync(
                    new DownloadRequest("trk_fuzz"),
                    (download, token) =>
                    {
                        SafeFileName.From(download.SuggestedFileName, download.TrackId);
                        return download.CopyToAsync(Stream.Null, null, token);
                    },
                    call,
                    CancellationToken.None);

                break;
        }
    }

    private void RunParser(string target, int seed, Func<Random, byte[]> generate, Action<byte[]> parse)
    {
        var rng = new Random(seed);
        int parsed = 0, typed = 0;
        var failures = new List<string>();
        for (var i = 0; i < CasesPerTarget; i++)
        {
            var input = generate(rng);
            try
            {
                parse(input);
                parsed++;
            }
            catch (TrackyardApiException ex) when (ex.Kind == TrackyardFailureKind.InvalidResponse)
            {
                typed++;
            }
            catch (Exception ex)
            {
                failures.Add($"{ex.GetType().Name}: {ex.Message} <- {Preview(input)}");
            }
        }

        _output.WriteLine($"{target}: {CasesPerTarget} cases, {parsed} parsed, {typed} InvalidResponse, {failures.Count} other exceptions");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    private void RunNeverThrows(string target, int seed, Func<Random, byte[]> generate, Action<byte[]> use)
    {
        var rng = new Random(seed);
        var failures = new List<string>();
        for (var i = 0; i < CasesPerTarget; i++)
        {
            var input = generate(rng);
            try
            {
                use(input);
            }
            catch (Exception ex)
            {
                failures.Add($"{ex.GetType().Name}: {ex.Message} <- {Preview(input)}");
            }
        }

        _output.WriteLine($"{target}: {CasesPerTarget} cases, {failures.Count} exceptions");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    /// <summary>A valid document with one to three structural mutations, then sometimes byte-level damage.</summary>
    private static byte[] MutatedJson(Random rng, string[] seeds)
    {
        var text = Pick(rng, seeds);
        for (var n = rng.Next(1, 4); n > 0; n--)
        {
            try
            {
                text = rng.Next(3) switch
                {
                    0 => ReplaceValue(rng, text),
                    1 => DropMember(rng, text),
                    _ => text,
                };
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // JsonNode refuses (lazily) what an earlier mutation made: a duplicate key, a lone surrogate. Keep it.
            }
        }

        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        for (var n = rng.Next(0, 4); n > 0 && bytes.Count > 0; n--)
        {
            var at = rng.Next(bytes.Count);
            switch (rng.Next(7))
            {
                case 0:
                    bytes.RemoveRange(at, Math.Min(rng.Next(1, 4), bytes.Count - at));
                    break;
                case 1:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(rng.Next(1, 8), bytes.Count - at)));
                    break;
                case 2:
                    var other = rng.Next(bytes.Count);
                    (bytes[at], bytes[other]) = (bytes[other], bytes[at]);
                    break;
                case 3:
                    bytes.Insert(at, Pick(rng, InterestingBytes));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at); // truncation
                    break;
                case 5:
                    bytes.InsertRange(at, new byte[] { 0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80 }); // invalid UTF-8, an encoded surrogate
                    break;
                default:
                    bytes.InsertRange(0, new byte[] { 0xEF, 0xBB, 0xBF });
                    break;
            }
        }

        return bytes.ToArray();
    }

    /// <summary>Puts a hostile value (another type, an extreme, deep nesting, a huge string) in place of a random value.</summary>
    private static string ReplaceValue(Random rng, string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }

        const string Marker = "\"__fuzz_marker__\"";
        var slots = Slots(root).ToList();
        var replacement = rng.Next(10) switch
        {
            0 => new string('[', rng.Next(10, 5000)) + new string(']', rng.Next(0, 5000)),
            1 => string.Concat(Enumerable.Repeat("{\"a\":", rng.Next(10, 2000))) + "1" + new string('}', rng.Next(0, 2000)),
            2 => "\"" + new string('x', rng.Next(1000, 50_000)) + "\"",
            3 => "\"" + string.Concat(Enumerable.Repeat("\\u00e9\\n", rng.Next(1, 500))) + "\"",
            _ => Pick(rng, HostileValues),
        };

        if (slots.Count == 0)
        {
            return replacement;
        }

        var (parent, key, index) = Pick(rng, slots.ToArray());
        if (parent is JsonObject obj)
        {
            obj[key!] = JsonValue.Create("__fuzz_marker__");
        }
        else if (parent is JsonArray array)
        {
            array[index] = JsonValue.Create("__fuzz_marker__");
        }

        var serialized = root!.ToJsonString();
        var at = serialized.IndexOf(Marker, StringComparison.Ordinal);
        return serialized.Substring(0, at) + replacement + serialized.Substring(at + Marker.Length);
    }

    /// <summary>Removes a random member (a missing field), or duplicates one with a hostile value (a duplicate key).</summary>
    private static string DropMember(Random rng, string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }

        var members = Slots(root).Where(s => s.Parent is JsonObject).ToList();
        if (members.Count == 0)
        {
            return json;
        }

        var (parent, key, _) = Pick(rng, members.ToArray());
        if (rng.Next(2) == 0)
        {
            ((JsonObject)parent).Remove(key!);
            return root!.ToJsonString();
        }

        var serialized = root!.ToJsonString();
        var name = "\"" + key + "\":";
        var at = serialized.IndexOf(name, StringComparison.Ordinal);
        return at < 0 ? serialized : serialized.Insert(at, name + Pick(rng, HostileValues) + ",");
    }

    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    yield return (obj, name, -1);
                    foreach (var slot in Slots(child))
                    {
                        yield return slot;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, null, i);
                    foreach (var slot in Slots(array[i]))
                    {
                        yield return slot;
                    }
                }

                break;
        }
    }

    private static byte[] RandomBytes(Random rng)
    {
        var bytes = new byte[rng.Next(0, 2048)];
        rng.NextBytes(bytes);
        if (bytes.Length > 0 && rng.Next(2) == 0)
        {
            bytes[0] = (byte)'{';
        }

        return bytes;
    }

    private static string RandomDisposition(Random rng)
    {
        var parts = new[]
        {
            "attachment", "inline", ";", "; ", "filename=", "filename*=", "UTF-8''", "ISO-8859-1''", "utf-8'en'", "'", "\"",
            "\\", "\\\"", "%", "%2", "%2F", "%C3%A9", "%FF%FE", "%00", "..", "../", "/", "C:\\", "CON", "nul.mp3", "a.mp3",
            "=", "==", " ", "\t", "\r\n", "é", "東京", "\u202e", "\u0000", "*", "|", "<>", new string('a', 300),
        };
        var builder = new StringBuilder();
        for (var n = rng.Next(0, 14); n > 0; n--)
        {
            builder.Append(Pick(rng, parts));
        }

        return builder.ToString();
    }

    private static string RandomHeaderValue(Random rng)
    {
        var forms = new[]
        {
            "0", "1", "7", "-1", "1.5", "NaN", "Infinity", "99999999999999999999999", "9223372036854775807", "31622401",
            "Wed, 26 Nov 2026 16:00:30 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
            "Mon, 99 Foo 2026 25:61:61 GMT", "", " ", "req_0123456789abcdef", "\u001b[2J", "١٢٣", "+5", "5 ", " 5", "5,6",
        };
        var value = Pick(rng, forms);
        if (rng.Next(4) == 0)
        {
            var chars = new char[rng.Next(0, 40)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)rng.Next(0, 0x3000);
            }

            value += new string(chars);
        }

        return value;
    }

    private static string RandomLocation(Random rng) => Pick(rng, new[]
    {
        "", "/", "/api/external/v1/search", "search", "//evil.example/x", "https://evil.example/api/external/v1/search",
        "http://api.trackyard.test/", "https://api.trackyard.test:99999/", "http://[::1", "javascript:alert(1)",
        "https://user:pw@api.trackyard.test/", "https://api.trackyard.test/api/external/v1/me#frag", "\u0000", "%%%", "ftp://x/",
        "https://xn--nxasmq6b.example/", "https://api.trackyard.test/" + new string('a', 5000),
    });

    private static T Pick<T>(Random rng, T[] values) => values[rng.Next(values.Length)];

    private static string Preview(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input, 0, Math.Min(input.Length, 160));
        return $"({input.Length} bytes) " + new string(text.Select(c => char.IsControl(c) ? '·' : c).ToArray());
    }
}
