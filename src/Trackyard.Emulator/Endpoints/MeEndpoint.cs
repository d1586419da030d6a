namespace Trackyard.Emulator;

/// <summary>GET /me: free. Unlimited numbers are null.</summary>
internal static class MeEndpoint
{
    public static Task HandleAsync(ApiCall call)
    {
        var definition = call.Account.Definition;
        var snapshot = call.Account.Snapshot(call.State.Now);
        return JsonResponse.WriteAsync(call.Context, 200, json =>
        {
            json.WriteStartObject();
            json.WriteString("tier", definition.Tier);
            JsonResponse.WriteNullableNumber(json, "credits_remaining", snapshot.Credits);
            JsonResponse.WriteNullableNumber(json, "monthly_allowance", definition.Credits);
            json.WriteStartObject("rate_limit");
            JsonResponse.WriteNullableNumber(json, "requests_per_minute", definition.PerMinute);
            JsonResponse.WriteNullableNumber(json, "requests_per_day", definition.PerDay);
            json.WriteEndObject();
            json.WriteString("created_at", JsonResponse.Timestamp(call.Account.CreatedAt));
            if (call.PreviousUse is { } lastUsed)
            {
                json.WriteString("last_used_at", JsonResponse.Timestamp(lastUsed));
            }
            else
            {
                json.WriteNull("last_used_at");
            }

            json.WriteEndObject();
        });
    }
}
