using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Engram.Demo.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Engram.Demo.Tests;

/// <summary>
/// samples/ThreadSafeDemo's answers to the input a client controls: the <c>limit</c> of <c>/messages</c>, the body of
/// <c>POST /store</c> and the Host header of <c>/test-concurrent</c>. Bad input gets a 4xx with a JSON message and
/// stores nothing; the server never answers it with a 500.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class ThreadSafeDemoRequestTests : IClassFixture<DemoServerFixture>
{
    private readonly DemoServerFixture _demo;
    private readonly ITestOutputHelper _output;

    public ThreadSafeDemoRequestTests(DemoServerFixture demo, ITestOutputHelper output)
    {
        _demo = demo;
        _output = output;
    }

    private HttpClient Client => _demo.Client;

    [Theory]
    [InlineData("limit=abc")]
    [InlineData("limit=-1")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=99999999999999999999")]
    [InlineData("limit=1.5")]
    [InlineData("limit=")]
    [InlineData("limit=%205")]
    [InlineData("limit=1&limit=2")]
    public async Task BadLimit_Answers400WithAJsonMessageNamingIt(string query)
    {
        using var reply = await Client.GetAsync("/messages?" + query);

        var error = await ErrorOf(reply, HttpStatusCode.BadRequest);
        Assert.Contains("'limit'", error);
        AssertNoServerError();
    }

    [Fact]
    public async Task Limit_ListsTheNewestMessagesOnly_AndNoLimitListsThemAll()
    {
        var texts = Enumerable.Range(1, 3).Select(n => $"limit test message {n} {Guid.NewGuid():N}").ToList();
        foreach (var text in texts)
        {
            using var stored = await Client.PostAsJsonAsync("/store", new { text });
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        }

        var newestTwo = await Messages("/messages?limit=2");
        Assert.Equal(2, newestTwo.Count);
        Assert.Equal(new[] { texts[2], texts[1] }, newestTwo.Contents);

        var all = await Messages("/messages");
        Assert.Superset(texts.ToHashSet(), all.Contents.ToHashSet());
        Assert.Equal(all.Count, all.Contents.Length);
    }

    [Theory]
    [InlineData("""{"text":null}""", "'text' is null")]
    [InlineData("""{}""", "The body has no 'text'")]
    [InlineData("""{"Text":"wrong case"}""", "The body has no 'text'")]
    [InlineData("""{"text":5}""", "'text' must be a JSON string, not a number")]
    [InlineData("""{"text":["a"]}""", "'text' must be a JSON string, not an array")]
    [InlineData("""{"text":"   "}""", "'text' is empty")]
    [InlineData("""["text"]""", "must be a JSON object like {\"text\": \"hello\"}, not an array")]
    [InlineData("""{"text":true}""", "'text' must be a JSON string, not a boolean")]
    [InlineData("""not json""", "The body is not valid JSON")]
    [InlineData("", "The body is not valid JSON")]
    public async Task MissingOrInvalidText_Answers400WithAJsonMessage_AndStoresNothing(string body, string expected)
    {
        var before = await Messages("/messages");

        using var reply = await Client.PostAsync("/store", new StringContent(body, Encoding.UTF8, "application/json"));

        var error = await ErrorOf(reply, HttpStatusCode.BadRequest);
        Assert.Contains(expected, error);
        Assert.Equal(before.Count, (await Messages("/messages")).Count);
        AssertNoServerError();
    }

    [Fact]
    public async Task TextThatIsNotJson_Answers415WithAJsonMessage()
    {
        using var reply = await Client.PostAsync("/store", new StringContent("hello", Encoding.UTF8, "text/plain"));

        var error = await ErrorOf(reply, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", error);
        AssertNoServerError();
    }

    [Fact]
    public async Task Text_IsStoredFromTheServingThread_AndListed()
    {
        var text = $"stored text {Guid.NewGuid():N}";

        using var reply = await Client.PostAsJsonAsync("/store", new { text });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        using var stored = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
        Assert.True(stored.RootElement.GetProperty("success").GetBoolean());
        Assert.Equal(text, stored.RootElement.GetProperty("message").GetString());
        Assert.Contains(text, (await Messages("/messages?limit=1")).Contents);
    }

    [Fact]
    public async Task TestConcurrent_CallsTheServersOwnAddress_WhateverTheHostHeaderNames()
    {
        using var elsewhere = new CountingListener();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test-concurrent");
        request.Headers.Host = elsewhere.Authority;

        using var reply = await Client.SendAsync(request);
        var page = await reply.Content.ReadAsStringAsync();
        _output.WriteLine(page);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Contains("Concurrent test: PASSED", page);
        Assert.Contains($"<code>{new Uri(_demo.Server.BaseAddress, "/store")}</code>", page);
        Assert.Equal(0, elsewhere.Accepted);
        AssertNoServerError();
    }

    private void AssertNoServerError()
    {
        Assert.DoesNotContain("fail:", _demo.Server.Log);
        Assert.DoesNotContain("Exception", _demo.Server.Log);
    }

    private static async Task<string> ErrorOf(HttpResponseMessage reply, HttpStatusCode expected)
    {
        var body = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.StatusCode == expected, $"HTTP {(int)reply.StatusCode}, expected {(int)expected}: {body}");
        Assert.Equal("application/json", reply.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.False(json.RootElement.GetProperty("success").GetBoolean());
        return json.RootElement.GetProperty("error").GetString()!;
    }

    private async Task<MessageListing> Messages(string path)
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync(path));
        var contents = json.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()!).ToArray();
        return new MessageListing(json.RootElement.GetProperty("count").GetInt32(), contents);
    }

    private sealed record MessageListing(int Count, string[] Contents);
}
