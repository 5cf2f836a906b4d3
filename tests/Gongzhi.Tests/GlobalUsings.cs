global using Microsoft.EntityFrameworkCore;
global using Gongzhi.Tests.Infrastructure;
global using Microsoft.Extensions.DependencyInjection;
