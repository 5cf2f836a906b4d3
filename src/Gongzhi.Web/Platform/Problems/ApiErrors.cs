namespace Gongzhi.Web.Platform.Problems;

// Declares the problem-details answers a group of routes can give, so the OpenAPI document lists
// them for every operation. The answers themselves come from the exceptions (ProblemsModule).
public static class ApiErrors
{
    public static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params int[] statusCodes) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var code in statusCodes)
            builder.WithMetadata(new ProducesResponseTypeMetadata(code, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }
}
