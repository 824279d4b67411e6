// The dashboard drives Linux hosts (sysfs, vfio, libvirt): it runs on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
