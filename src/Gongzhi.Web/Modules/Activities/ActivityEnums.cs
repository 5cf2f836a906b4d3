namespace Gongzhi.Web.Modules.Activities;

public enum EventKind { Benefit = 1, Clinic = 2, Talk = 3, Class = 4, Festival = 5, Regular = 6, Fitness = 7 }

public enum OrganiserKind { Community = 1, Team = 2, Partner = 3 }

public enum EventStatus { Open = 0, Cancelled = 1 }

public enum RegistrationStatus { Confirmed = 0, Waitlisted = 1, Cancelled = 2 }

public enum CheckInMethod { Qr = 1, List = 2 }

public enum VenueKind { ServiceCentre = 1, ActivityRoom = 2, MeetingRoom = 3, FitnessSquare = 4 }

public enum BookingStatus { Pending = 0, Approved = 1, Rejected = 2, Cancelled = 3 }

public enum ServiceKind { Proxy = 1, ExtendedHours = 2, Weekend = 3 }

public enum AppointmentStatus { Booked = 0, Done = 1, NoShow = 2, Cancelled = 3 }
