using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>POST /search (1 credit per answered page): one page of tracks.</summary>
internal static class SearchEndpoint
{
    /// <summary>Calls POST /search for one page.</summary>
    internal static Task<SearchPage> SearchAsync(this TrackyardClient client, SearchRequest request, CallOptions call, CancellationToken cancellationToken) =>
        client.SendAsync(
            new ApiRequest(HttpMethod.Post, "search", request.ToWire(), charged: true, subject: "the search " + DisplayText.Quote(request.Query)),
            (response, token) => JsonBody.ReadAsync(response, body => SearchResponse.Parse(body, request.Query), token),
            call,
            cancellationToken);
}
