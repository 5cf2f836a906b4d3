global using Gongzhi.Web.Platform;
global using Gongzhi.Web.Platform.Privacy;
global using Microsoft.EntityFrameworkCore;
