namespace Trackyard.Emulator;

/// <summary>POST /search: 1 credit per successful call.</summary>
internal static class SearchEndpoint
{
    public static async Task HandleAsync(ApiCall call)
    {
        var context = call.Context;
        if (!call.Account.HasScope(KeyDefinition.SearchScope))
        {
            await ErrorBodies.WriteAsync(context, 403, ErrorBodies.Forbidden, "This API key is not allowed to search");
            return;
        }

        SearchRequest request;
        using (var body = await JsonFields.ReadObjectAsync(context.Request, call.Aborted))
        {
            request = SearchRequest.Parse(body.RootElement, call.State.Catalog);
        }

        if (!call.Account.TryCharge(out var creditsRemaining))
        {
            await ErrorBodies.WriteAsync(context, 402, ErrorBodies.OutOfCredits, null);
            return;
        }

        call.CreditsConsumed = 1;
        var tracks = call.State.Search.Search(request);
        var previewBase = TrackJson.PreviewBase(context.Request, call.State.Options);
        await JsonResponse.WriteAsync(context, 200, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("tracks");
            foreach (var track in tracks)
            {
                TrackJson.Write(json, track, previewBase);
            }

            json.WriteEndArray();
            JsonResponse.WriteNullableNumber(json, "credits_remaining", creditsRemaining);
            json.WriteEndObject();
        });
    }
}
