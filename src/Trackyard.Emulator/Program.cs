using Trackyard.Emulator;

return await EmulatorApp.RunAsync(args);
