global using Microsoft.EntityFrameworkCore;
global using Gongzhi.Tests.Infrastructure;
