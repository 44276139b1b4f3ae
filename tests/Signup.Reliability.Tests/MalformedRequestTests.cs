using Signup.Reliability.Tests.Support;
using Signup.Testing;

namespace Signup.Reliability.Tests;

/// <summary>
/// A corpus of malformed bodies and headers sent through the gateway to <c>POST /createUser</c>: each gets a 4xx
/// problem, none a 5xx, and nothing is stored.
/// </summary>
[Trait("Category", "Integration")]
[Collection(SharedStackCollection.Name)]
public sealed class MalformedRequestTests(SharedStack stack)
{
    private const int CorpusSize = 1_000;
    private const int Parallel = 8;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MalformedCorpus_All4xxProblems_NothingStored()
    {
        var corpus = MalformedRequests.Create(CorpusSize);
        stack.SuiteLog.AddSecret(SecretKind.Password, MalformedRequests.CharsetRegistration.Password);
        stack.SuiteLog.AddSecret(SecretKind.Email, MalformedRequests.CharsetRegistration.Email);
        var itemsBefore = (await stack.ScanAsync(Token)).Count;

        var replies = new ApiReply[corpus.Count];
        await System.Threading.Tasks.Parallel.ForEachAsync(
            Enumerable.Range(0, corpus.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = Token },
            async (index, cancellationToken) =>
            {
                using var request = corpus[index].ToHttpRequest();
                replies[index] = await stack.SendAsync(request, cancellationToken);
            });

        var itemsAfter = (await stack.ScanAsync(Token)).Count;
        var problems = await stack.CheckConsistencyAsync(Token);
        var failures = corpus.Zip(replies)
            .Where(pair => pair.Second.Status is < 400 or >= 500 || !pair.Second.IsProblem)
            .Select(pair => $"{pair.First} -> {pair.Second}")
            .ToList();
        TestFigures.Write(nameof(MalformedCorpus_All4xxProblems_NothingStored), new
        {
            requests = corpus.Count,
            byCategory = corpus.GroupBy(request => request.Category).ToDictionary(group => group.Key, group => group.Count()),
            statuses = Replies.CountByStatus(replies),
            notA4xxProblem = failures.Count,
            itemsStored = itemsAfter - itemsBefore,
            consistencyProblems = problems.Count,
        });

        Assert.True(corpus.Count >= CorpusSize, $"The corpus has {corpus.Count} requests.");
        Assert.DoesNotContain(replies, reply => reply.Status >= 500 || reply.Status == ApiReply.NoResponse);
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
        Assert.Equal(itemsBefore, itemsAfter);
        Assert.Empty(problems);
    }
}
